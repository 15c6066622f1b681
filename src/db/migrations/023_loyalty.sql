-- Loyalty: a points ledger that cannot be double-spent. Points are whole numbers (bigint), never floats.

-- One program per workspace; points expire after expiry_days unless a credit says otherwise (null: never).
create table loyalty_programs (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  expiry_days integer check (expiry_days between 1 and 36500),
  -- Tiers are earned over the last tier_window_days; a member below their tier keeps it for tier_grace_days.
  tier_window_days integer not null default 365 check (tier_window_days between 1 and 3660),
  tier_grace_days integer not null default 30 check (tier_grace_days between 0 and 3660),
  updated_at timestamptz not null default now()
);

-- Status tiers, earned from purchases and engagement over a rolling window, never from spendable points.
-- A member qualifies for a tier when they reach all three minimums; benefits are things, not discounts.
create table loyalty_tiers (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  code text not null,
  name text not null,
  rank integer not null check (rank >= 1),
  min_spend numeric(20, 4) not null default 0 check (min_spend >= 0),
  min_orders integer not null default 0 check (min_orders >= 0),
  min_engagements integer not null default 0 check (min_engagements >= 0),
  benefits jsonb not null default '[]',
  unique (workspace_id, code),
  unique (workspace_id, rank)
);

-- A customer enrolled in the workspace's program. Its row is the lock every change of its points takes.
create table loyalty_members (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  enrolled_at timestamptz not null default now(),
  tier_id uuid references loyalty_tiers(id) on delete set null,
  tier_since timestamptz,
  -- When the member last stopped qualifying for their tier; the downgrade waits out the grace period from here.
  below_since timestamptz,
  unique (workspace_id, customer_id)
);

-- Each credit is a lot; remaining is what is left of it to spend, expire or reverse.
-- One lot per source event, rule and member: a repeated credit finds the lot that is there.
create table loyalty_lots (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  member_id uuid not null references loyalty_members(id) on delete cascade,
  source_type text not null,
  source_id text not null,
  rule text not null,
  points bigint not null check (points > 0),
  remaining bigint not null,
  expires_at timestamptz,
  created_at timestamptz not null,
  check (remaining between 0 and points),
  unique (workspace_id, source_type, source_id, rule, member_id)
);
create index loyalty_lots_spendable on loyalty_lots(member_id, expires_at, created_at) where remaining > 0;
create index loyalty_lots_expiring on loyalty_lots(expires_at) where remaining > 0 and expires_at is not null;

-- The ledger, append-only: credits, debits (redemptions), expiries and reversals (refunds, cancellations).
-- points is what the entry moved; a reversal that found too few points records the rest as shortfall.
-- reference makes a debit or a reversal idempotent (the caller's redemption or refund id).
create table loyalty_entries (
  seq bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  member_id uuid not null references loyalty_members(id) on delete cascade,
  kind text not null check (kind in ('credit', 'debit', 'expiry', 'reversal')),
  points bigint not null check (points >= 0),
  shortfall bigint not null default 0 check (shortfall >= 0),
  source_type text not null,
  source_id text not null,
  rule text,
  -- A credit's lot.
  lot_id uuid references loyalty_lots(id) on delete cascade,
  reference text,
  reason text,
  actor_user_id uuid,
  actor_api_key_id uuid,
  at timestamptz not null
);
create index loyalty_entries_member on loyalty_entries(member_id, seq);
create index loyalty_entries_source on loyalty_entries(workspace_id, source_type, source_id);
create unique index loyalty_entries_debit_reference on loyalty_entries(member_id, reference)
  where kind = 'debit' and reference is not null;
create unique index loyalty_entries_reversal_reference
  on loyalty_entries(member_id, source_type, source_id, reference) where kind = 'reversal';

-- Which lots a debit, expiry or reversal took its points from, and how many from each.
create table loyalty_consumptions (
  entry_seq bigint not null references loyalty_entries(seq) on delete cascade,
  lot_id uuid not null references loyalty_lots(id) on delete cascade,
  points bigint not null check (points > 0),
  primary key (entry_seq, lot_id)
);
create index loyalty_consumptions_lot on loyalty_consumptions(lot_id);

-- Acts of loyalty: what a customer did for the business beyond buying. Recognised with thanks first; points only
-- when the workspace's rule for the kind of act gives any. source_id is the caller's id for the act: recording it
-- again changes nothing.
create table loyalty_acts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  kind text not null check (kind in ('referral', 'review', 'recommendation', 'community_help', 'feedback',
    'anniversary', 'habit_streak')),
  source_id text not null,
  occurred_at timestamptz not null,
  note text,
  recorded_by_user_id uuid,
  recorded_by_api_key_id uuid,
  recorded_at timestamptz not null,
  thanked_at timestamptz,
  thanked_by text,
  thank_message text,
  unique (workspace_id, kind, source_id)
);
create index loyalty_acts_waiting on loyalty_acts(workspace_id, occurred_at) where thanked_at is null;
create index loyalty_acts_customer on loyalty_acts(workspace_id, customer_id, occurred_at);

-- Points an act of a kind earns (none unless set).
create table loyalty_act_rules (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null,
  points bigint not null check (points >= 0),
  primary key (workspace_id, kind)
);
