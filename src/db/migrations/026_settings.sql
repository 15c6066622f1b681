-- Settings from the dashboard: the workspace's own preferences, invitations of people by e-mail, and the
-- import wizard's uploaded files, runs and saved column mappings.

alter table workspaces add column time_zone text not null default 'UTC';
alter table workspaces add column currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$');
alter table workspaces add column default_language text not null default 'en'
  check (default_language in ('en', 'uk', 'ru', 'pl', 'lv'));
alter table workspaces add column survey_languages text[] not null default '{en}';
-- The From address of this workspace's e-mails (null: the server's SMTP_FROM).
alter table workspaces add column mail_from text;

-- An invitation to join a workspace: the link carries the token, the table only its SHA-256.
create table member_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  email text not null,
  role text not null check (role in ('owner', 'admin', 'analyst', 'agent', 'viewer')),
  org_unit_id uuid references org_units(id) on delete cascade,
  token_hash text not null unique,
  invited_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz
);
create index member_invitations_workspace on member_invitations(workspace_id, created_at desc);

-- A file uploaded to the import wizard (kept on disk under the data directory until purged), and each run
-- of an import over one: its progress while running, then the report.
create table import_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('customers', 'orders', 'events')),
  file_name text not null,
  file_path text not null,
  file_size bigint not null,
  status text not null default 'uploaded'
    check (status in ('uploaded', 'queued', 'running', 'done', 'failed')),
  options jsonb not null default '{}',
  bytes_read bigint not null default 0,
  rows_read integer not null default 0,
  report jsonb,
  error text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index import_runs_workspace on import_runs(workspace_id, created_at desc);

-- Every bad line of a run, so that the bad lines can be downloaded with the file's own cells.
create table import_errors (
  run_id uuid not null references import_runs(id) on delete cascade,
  line integer not null,
  field text,
  message text not null
);
create index import_errors_run on import_errors(run_id, line);

-- The column mapping last used for a kind of file, offered again for the next one.
create table import_mappings (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('customers', 'orders', 'events')),
  columns jsonb not null,
  date_format text not null default 'ISO',
  updated_at timestamptz not null default now(),
  primary key (workspace_id, kind)
);
