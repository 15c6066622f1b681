-- Foundation: access (organizations, workspaces, users, org units, sessions, API keys, audit)
-- and the customer record (customers, orders, order lines, events).
-- Every workspace-owned table carries workspace_id, and every query filters on it.

create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now()
);

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations(id) on delete cascade,
  name text not null,
  created_at timestamptz not null default now()
);
create index workspaces_organization on workspaces(organization_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations(id) on delete cascade,
  email text not null,
  name text not null,
  password_hash text not null,
  language text not null default 'en',
  created_at timestamptz not null default now()
);
create unique index users_email on users(lower(email));

-- A tree per workspace: company → region → store/team. path is the chain of ids, '/a/b/c/',
-- so that "this unit and below" is a prefix match.
create table org_units (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  parent_id uuid references org_units(id) on delete restrict,
  code text not null,
  name text not null,
  kind text not null default 'unit',
  path text not null,
  created_at timestamptz not null default now(),
  unique (workspace_id, code)
);
create index org_units_path on org_units(workspace_id, path text_pattern_ops);

create table memberships (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'analyst', 'agent', 'viewer')),
  org_unit_id uuid references org_units(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
create index memberships_user on memberships(user_id);

create table sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  prefix text not null,
  key_hash text not null unique,
  scopes text[] not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_workspace on api_keys(workspace_id);

create table audit_log (
  id bigint generated always as identity primary key,
  workspace_id uuid references workspaces(id) on delete cascade,
  organization_id uuid references organizations(id) on delete cascade,
  actor_user_id uuid references users(id) on delete set null,
  actor_api_key_id uuid references api_keys(id) on delete set null,
  action text not null,
  entity_type text not null,
  entity_id text,
  details jsonb not null default '{}',
  at timestamptz not null default now()
);
create index audit_log_workspace on audit_log(workspace_id, at desc);

create table customers (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  external_id text not null,
  name text,
  email text,
  phone text,
  language text,
  attributes jsonb not null default '{}',
  email_opt_in boolean not null default true,
  sms_opt_in boolean not null default true,
  opted_out boolean not null default false,
  org_unit_id uuid references org_units(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, external_id)
);
create index customers_org_unit on customers(workspace_id, org_unit_id);
create index customers_email on customers(workspace_id, lower(email));

-- Amounts are exact numeric. Returns and cancellations are negative amounts.
create table orders (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  external_id text not null,
  ordered_at timestamptz not null,
  currency text not null,
  amount numeric(20, 4) not null,
  status text not null default 'completed',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, external_id)
);
create index orders_customer on orders(workspace_id, customer_id, ordered_at);
create index orders_time on orders(workspace_id, ordered_at);

create table order_lines (
  order_id uuid not null references orders(id) on delete cascade,
  line_no integer not null,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  product_id text not null,
  quantity numeric(20, 4) not null,
  unit_price numeric(20, 4) not null,
  primary key (order_id, line_no)
);
create index order_lines_product on order_lines(workspace_id, product_id);

-- dedupe_key makes re-ingesting the same event a no-op: the caller's event id, or a hash of its content.
create table events (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  dedupe_key text not null,
  type text not null,
  occurred_at timestamptz not null,
  channel text,
  touchpoint text,
  properties jsonb not null default '{}',
  created_at timestamptz not null default now(),
  unique (workspace_id, dedupe_key)
);
create index events_customer on events(workspace_id, customer_id, occurred_at);
create index events_type on events(workspace_id, type, occurred_at);
