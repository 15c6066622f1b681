-- Closing the loop: cases opened by rules or by hand, with owners, business-hours SLAs, history and escalation;
-- and outgoing webhooks delivered from a durable outbox.

-- The workspace's business calendar and case rules. hours: seven entries, Sunday first, each
-- {"start": "09:00", "end": "17:00"} or null (closed); holidays: local dates 'YYYY-MM-DD'.
-- sla: priority → {"firstReplyHours": n, "resolutionHours": n}; rules: see src/cases/rules.ts.
create table case_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  time_zone text not null default 'UTC',
  hours jsonb not null,
  holidays jsonb not null default '[]',
  sla jsonb not null,
  rules jsonb not null default '[]',
  -- The token in the workspace's inbound reply address (reply+<case token>.<workspace token>@…).
  inbound_token text not null,
  updated_at timestamptz not null default now()
);

-- Who owns cases about a touchpoint, before the org-unit tree is asked.
create table case_touchpoint_owners (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  touchpoint text not null,
  user_id uuid not null references users(id) on delete cascade,
  primary key (workspace_id, touchpoint)
);

-- source_key makes a rule's decision idempotent: one case per response and rule, per signal and period.
create table cases (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  number integer not null,
  customer_id uuid references customers(id) on delete set null,
  org_unit_id uuid references org_units(id) on delete set null,
  owner_user_id uuid references users(id) on delete set null,
  source text not null check (source in ('response', 'signal', 'manual')),
  source_key text,
  response_id uuid references responses(id) on delete set null,
  rule text,
  subject text not null,
  priority text not null default 'normal' check (priority in ('urgent', 'high', 'normal', 'low')),
  status text not null default 'new'
    check (status in ('new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed')),
  language text,
  reply_token text not null,
  opened_at timestamptz not null default now(),
  first_reply_due_at timestamptz,
  first_reply_at timestamptz,
  -- null while waiting on the customer: the resolution clock is paused.
  resolution_due_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  resolution_summary text,
  updated_at timestamptz not null default now(),
  unique (workspace_id, number),
  unique (workspace_id, source_key),
  unique (reply_token)
);
create index cases_inbox on cases(workspace_id, status, opened_at desc);
create index cases_owner on cases(workspace_id, owner_user_id, status);
create index cases_customer on cases(workspace_id, customer_id, opened_at desc);
create index cases_breach on cases(first_reply_due_at, resolution_due_at) where status in ('new', 'in_progress');

-- Spans spent waiting on the customer (ended_at null: still waiting); they pause the resolution clock.
create table case_waits (
  case_id uuid not null references cases(id) on delete cascade,
  started_at timestamptz not null,
  ended_at timestamptz,
  primary key (case_id, started_at)
);

-- The full history: who did what, and the conversation (kind reply = to the customer, inbound = from them).
create table case_events (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  at timestamptz not null default now(),
  actor_user_id uuid references users(id) on delete set null,
  kind text not null check (kind in ('opened', 'status', 'assigned', 'priority', 'note', 'reply', 'inbound',
    'escalated', 'resolved', 'closed', 'reopened')),
  body text,
  details jsonb not null default '{}'
);
create index case_events_case on case_events(case_id, at, id);

-- One escalation per case and breach kind: the unique key is what makes it happen exactly once.
create table case_escalations (
  case_id uuid not null references cases(id) on delete cascade,
  kind text not null check (kind in ('first_reply', 'resolution')),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  manager_user_id uuid references users(id) on delete set null,
  at timestamptz not null default now(),
  primary key (case_id, kind)
);

-- Where the loop's events go: a receiver's URL, the secret that signs them, the event types it wants.
-- kind 'slack' posts a Slack-compatible incoming-webhook payload ({"text": …}) instead of the JSON event.
create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  url text not null,
  kind text not null default 'json' check (kind in ('json', 'slack')),
  secret text not null,
  events text[] not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create index webhook_endpoints_workspace on webhook_endpoints(workspace_id);

-- The outbox: one row per event and endpoint, written in the transaction that made the event, delivered
-- by the worker with exponential back-off. A restart or crash loses nothing: the row waits here.
create table webhook_outbox (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (endpoint_id, event_id)
);
create index webhook_outbox_due on webhook_outbox(next_attempt_at) where status = 'pending';
create index webhook_outbox_endpoint on webhook_outbox(endpoint_id, created_at desc);

-- The delivery log: every attempt, with the receiver's status or the error.
create table webhook_attempts (
  id bigint generated always as identity primary key,
  outbox_id uuid not null references webhook_outbox(id) on delete cascade,
  at timestamptz not null default now(),
  status_code integer,
  error text,
  duration_ms integer not null
);
create index webhook_attempts_outbox on webhook_attempts(outbox_id, at desc);
