-- Survey delivery: the durable job queue, programs that turn events into invitations, fatigue and consent
-- decisions (every invitation not sent keeps its reason), e-mail messages and unsubscribes.

-- One row per unit of background work. dedupe_key is unique for the life of the row, so enqueueing the
-- same work twice (a trigger seen twice, a schedule slot claimed by two servers) is a no-op.
create table jobs (
  id bigint generated always as identity primary key,
  workspace_id uuid references workspaces(id) on delete cascade,
  kind text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null default now(),
  status text not null default 'pending'
    check (status in ('pending', 'running', 'done', 'failed', 'cancelled')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  dedupe_key text unique,
  last_error text,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due on jobs(run_at) where status in ('pending', 'running');
create index jobs_workspace on jobs(workspace_id, kind);

-- Named high-water marks: the trigger scan's position in ingested events, schedules' last time slot.
create table job_cursors (
  name text primary key,
  position timestamptz not null
);
-- The trigger scan reads events by arrival time.
create index events_created_at on events(created_at);

-- Fatigue and quiet hours for the whole workspace; programs may override quarantine and cap.
-- Quiet hours are local to the customer (attributes.timezone, else this timezone): quiet_start → quiet_end.
create table survey_delivery_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  quarantine_days integer not null default 30 check (quarantine_days between 0 and 365),
  max_per_90_days integer not null default 3 check (max_per_90_days between 1 and 90),
  quiet_start smallint not null default 21 check (quiet_start between 0 and 23),
  quiet_end smallint not null default 8 check (quiet_end between 0 and 23),
  timezone text not null default 'UTC',
  updated_at timestamptz not null default now()
);

-- A program turns ingested events (channel e-mail) or page visits (channel widget) into invitations.
-- audience: { attributes: {name: value}, orgUnitId, segmentId }; widget: { on, event, delaySeconds }.
create table survey_programs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  survey_id uuid not null references surveys(id) on delete cascade,
  name text not null,
  channel text not null check (channel in ('email', 'widget')),
  trigger_event text,
  delay_minutes integer not null default 0 check (delay_minutes between 0 and 525600),
  sample_percent numeric(5, 2) not null default 100 check (sample_percent between 0 and 100),
  audience jsonb not null default '{}',
  widget jsonb not null default '{}',
  respect_quiet_hours boolean not null default true,
  expires_after_hours integer not null default 168 check (expires_after_hours between 1 and 8760),
  reminders smallint not null default 2 check (reminders between 0 and 2),
  reminder_after_hours integer not null default 72 check (reminder_after_hours between 1 and 720),
  quarantine_days integer check (quarantine_days between 0 and 365),
  max_per_90_days integer check (max_per_90_days between 1 and 90),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (channel <> 'email' or trigger_event is not null)
);
create index survey_programs_trigger on survey_programs(workspace_id, trigger_event) where enabled;

-- "Unsubscribe": from one survey (survey_id) or from all surveys (survey_id null); every channel honours it.
create table survey_unsubscribes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  survey_id uuid references surveys(id) on delete cascade,
  created_at timestamptz not null default now()
);
create unique index survey_unsubscribes_once
  on survey_unsubscribes(workspace_id, customer_id, coalesce(survey_id, '00000000-0000-0000-0000-000000000000'));
