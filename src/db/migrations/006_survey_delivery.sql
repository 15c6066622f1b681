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

-- Named high-water marks of pollers (the trigger scan over ingested events).
create table job_cursors (
  name text primary key,
  position timestamptz not null
);
