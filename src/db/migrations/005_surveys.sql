-- Surveys: definitions with immutable versions, invitations (personal links on every channel) and responses.

-- The secret that signs personal survey links; one per workspace, created on first use.
create table survey_secrets (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  secret text not null,
  created_at timestamptz not null default now()
);

-- A survey is attached to a touchpoint, and says which kind of NPS it asks: relational (periodic,
-- the whole relationship) and transactional (right after a touchpoint) scores are never mixed.
-- slug is the anonymous link (/s/<slug>); current_version is the version new answers are given to.
create table surveys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  touchpoint text not null,
  nps_kind text not null default 'transactional' check (nps_kind in ('relational', 'transactional')),
  status text not null default 'draft' check (status in ('draft', 'active', 'closed')),
  template text,
  slug text not null unique,
  anonymous_link boolean not null default true,
  current_version integer not null default 1,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index surveys_workspace on surveys(workspace_id, created_at desc);

-- The definition (validated JSON, see src/surveys/definition.ts) of each version; never edited in place.
create table survey_versions (
  survey_id uuid not null references surveys(id) on delete cascade,
  version integer not null,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  definition jsonb not null,
  estimated_seconds integer not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (survey_id, version)
);

-- One invitation = one personal link (/s/i/<token>) on one channel. The token is an HMAC of the id
-- with the workspace's survey secret, so it is not stored. opened/started/completed feed the funnel.
-- status: pending (created) → sent → opened → started → completed; or suppressed (with
-- suppressed_reason), expired, cancelled. program_id points at the delivery side's programs.
create table invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  survey_id uuid not null references surveys(id) on delete cascade,
  customer_id uuid references customers(id) on delete cascade,
  org_unit_id uuid references org_units(id) on delete set null,
  program_id uuid,
  channel text not null check (channel in ('link', 'email', 'widget', 'conversation')),
  language text,
  status text not null default 'pending' check (
    status in ('pending', 'sent', 'suppressed', 'opened', 'started', 'completed', 'expired', 'cancelled')
  ),
  suppressed_reason text,
  hidden jsonb not null default '{}',
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  opened_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  expires_at timestamptz
);
create index invitations_survey on invitations(workspace_id, survey_id, created_at desc);
create index invitations_customer on invitations(workspace_id, customer_id, created_at desc);

-- A response is saved per question as the person goes (completed_at null = partial). client_id is the
-- id the browser generated: a retry with the same id updates the same row, never a second one.
-- answers: { questionId: value }; hidden: the hidden fields (from the invitation or the link).
create table responses (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  survey_id uuid not null references surveys(id) on delete cascade,
  survey_version integer not null,
  invitation_id uuid unique references invitations(id) on delete set null,
  client_id text not null,
  customer_id uuid references customers(id) on delete set null,
  org_unit_id uuid references org_units(id) on delete set null,
  language text not null,
  channel text not null check (channel in ('link', 'email', 'widget', 'conversation')),
  touchpoint text not null,
  nps_kind text not null check (nps_kind in ('relational', 'transactional')),
  answers jsonb not null default '{}',
  hidden jsonb not null default '{}',
  ending text,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  unique (survey_id, client_id)
);
create index responses_survey on responses(workspace_id, survey_id, started_at desc);
create index responses_customer on responses(workspace_id, customer_id);
