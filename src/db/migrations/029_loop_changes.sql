-- "You said, we did": a change recorded once, the customers who raised it, the message each was sent (or why
-- not), so that their next scores can be set against those of the customers who were not told.

-- texts: language → message ('*' holds the one text for every language). The change is linked to a touchpoint
-- or to a comment theme (words that a comment of a low-scored answer holds), never both.
create table loop_changes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  title text not null,
  texts jsonb not null,
  touchpoint text,
  theme_words text[],
  metric text not null default 'nps' check (metric in ('nps', 'csat', 'ces')),
  raised_since timestamptz not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  -- When the messages went out: the moment after which a next score counts, for the told and the not told.
  notified_at timestamptz,
  check ((touchpoint is null) <> (theme_words is null))
);
create index loop_changes_workspace on loop_changes(workspace_id, created_at desc);

-- One row per customer who raised it: selected until deselected; sent, or suppressed with the reason.
create table loop_change_customers (
  change_id uuid not null references loop_changes(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  response_id uuid references responses(id) on delete set null,
  raised_score numeric not null,
  raised_at timestamptz not null,
  status text not null default 'selected'
    check (status in ('selected', 'deselected', 'sent', 'suppressed', 'failed')),
  reason text,
  sent_at timestamptz,
  message_id text,
  primary key (change_id, customer_id)
);
create index loop_change_customers_sent on loop_change_customers(workspace_id, customer_id, sent_at)
  where status = 'sent';

-- Outreach: a campaign to a list (silent customers, broken habits, at risk), a personal message per customer,
-- and what came of it within outcome_days: a reply (through the inbound address), an order, a survey answer.
create table outreach_campaigns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  list text not null check (list in ('silent', 'habit_broken', 'at_risk')),
  subject text not null,
  template text not null,
  outcome_days integer not null default 30 check (outcome_days between 1 and 365),
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outreach_campaigns_workspace on outreach_campaigns(workspace_id, created_at desc);

create table outreach_recipients (
  campaign_id uuid not null references outreach_campaigns(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  message text not null,
  status text not null default 'selected'
    check (status in ('selected', 'deselected', 'sent', 'suppressed', 'failed')),
  reason text,
  -- The token of the Reply-To address that brings the customer's answer back (reply+<token>.<workspace>@…).
  reply_token text not null unique,
  sent_at timestamptz,
  message_id text,
  replied_at timestamptz,
  primary key (campaign_id, customer_id)
);
create index outreach_recipients_sent on outreach_recipients(workspace_id, customer_id, sent_at)
  where status = 'sent';
