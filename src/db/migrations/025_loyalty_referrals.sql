-- Loyalty referrals: a customer's code (and link), the referrals made with it, and the reward that waits for the
-- referred customer's first real purchase to outlive the return window. The reward is a 'referral' act of the
-- referrer: thanks first, points only as the act rule for referrals gives.

alter table loyalty_programs
  -- Days a purchase may still be returned: the reward waits this long after the referred customer's first purchase.
  add column referral_return_days integer not null default 30 check (referral_return_days between 0 and 3660),
  -- At most referral_limit referrals per referrer in any referral_limit_days (null: no limit).
  add column referral_limit integer check (referral_limit between 1 and 100000),
  add column referral_limit_days integer not null default 30 check (referral_limit_days between 1 and 3660),
  -- Where a referral link points; {code} is replaced by the code (null: codes only, no link).
  add column referral_link text;

-- One code per referring customer; the code is what the referred customer brings.
create table loyalty_referral_codes (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  code text collate "C" not null,
  created_at timestamptz not null,
  primary key (workspace_id, customer_id),
  unique (workspace_id, code)
);

-- Devices (a fingerprint the shop computes) seen for a customer: a referral from a device the referrer used is a
-- self-referral.
create table loyalty_devices (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  fingerprint text collate "C" not null,
  seen_at timestamptz not null,
  primary key (workspace_id, fingerprint, customer_id)
);

-- A customer is referred once. Refused referrals stay, with the rule that refused them.
create table loyalty_referrals (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  referrer_customer_id uuid not null references customers(id) on delete cascade,
  referred_customer_id uuid not null references customers(id) on delete cascade,
  code text not null,
  status text not null check (status in ('pending', 'rewarded', 'refused')),
  refused_because text check (refused_because in ('self_referral', 'same_email', 'same_phone', 'same_address',
    'same_device', 'limit_reached', 'existing_customer')),
  created_at timestamptz not null,
  qualifying_order_id uuid references orders(id) on delete set null,
  rewarded_at timestamptz,
  unique (workspace_id, referred_customer_id),
  check ((status = 'refused') = (refused_because is not null))
);
create index loyalty_referrals_referrer on loyalty_referrals(workspace_id, referrer_customer_id, created_at);
create index loyalty_referrals_pending on loyalty_referrals(workspace_id, created_at) where status = 'pending';

-- Acts from events: an event of this type (a review posted, a question answered in the forum) is an act of this kind.
create table loyalty_event_rules (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  event_type text not null,
  act_kind text not null check (act_kind in ('referral', 'review', 'recommendation', 'community_help', 'feedback',
    'anniversary', 'habit_streak')),
  primary key (workspace_id, event_type)
);

-- A thank-you sent by e-mail: queued, sent, or not sent and why (the delivery capability's consent rules, or the
-- program's own: one thank-you e-mail per customer a week).
alter table loyalty_acts
  add column thank_email_status text check (thank_email_status in ('queued', 'sent', 'opted_out', 'no_channel',
    'no_consent', 'cap')),
  add column thank_email_at timestamptz;

-- The secret that signs members' links to their own loyalty page; one per workspace, made on first use.
create table loyalty_secrets (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  secret text not null
);
