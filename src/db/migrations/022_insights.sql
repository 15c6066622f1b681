-- Insights: the workspace's minimum-n rule (a cell with fewer answers is shown greyed, with its interval),
-- and an index for reading responses by the time they were answered.
create table insight_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  min_n integer not null default 30 check (min_n between 1 and 1000000),
  updated_at timestamptz not null default now()
);

create index responses_answered on responses(workspace_id, (coalesce(completed_at, updated_at)));
