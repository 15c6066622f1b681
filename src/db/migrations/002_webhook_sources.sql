-- A shop that pushes order webhooks: each source has its own signing secret (shared with the shop),
-- kept readable because verifying an HMAC needs the secret itself.
create table webhook_sources (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  platform text not null check (platform in ('shopify', 'woocommerce')),
  name text not null,
  secret text not null,
  created_at timestamptz not null default now(),
  last_received_at timestamptz
);
create index webhook_sources_workspace on webhook_sources(workspace_id);
