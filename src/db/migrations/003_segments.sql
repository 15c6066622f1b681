-- Behavioural analytics: per-workspace thresholds, each customer's latest scores and classes, and
-- segment sizes per computation date (per org unit, so that scoped callers see their part of the history).

create table segment_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  abc_a numeric not null default 0.80 check (abc_a > 0 and abc_a <= 1),
  abc_b numeric not null default 0.95 check (abc_b >= abc_a and abc_b <= 1),
  xyz_x numeric not null default 0.5 check (xyz_x >= 0),
  xyz_y numeric not null default 1.0 check (xyz_y >= xyz_x),
  xyz_min_months integer not null default 3 check (xyz_min_months >= 2),
  habit_min_purchases integer not null default 3 check (habit_min_purchases >= 2),
  habit_broken_factor numeric not null default 2 check (habit_broken_factor > 0),
  updated_at timestamptz not null default now()
);

-- One row per analysed customer, replaced by each recomputation. purchase_months holds the months
-- (year * 12 + month - 1) in which the customer bought, for cohort tables that honour org-unit scoping.
create table segment_results (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  as_of date not null,
  first_purchase date not null,
  last_purchase date not null,
  recency_days integer not null,
  frequency integer not null,
  monetary numeric not null,
  r smallint not null,
  f smallint not null,
  m smallint not null,
  segment text not null,
  abc char(1) not null,
  xyz char(1),
  cv numeric,
  median_interval_days numeric,
  interval_cv numeric,
  next_due date,
  habit_broken boolean not null default false,
  purchase_months integer[] not null,
  primary key (workspace_id, customer_id)
);
create index segment_results_segment on segment_results(workspace_id, segment);
create index segment_results_broken on segment_results(workspace_id, next_due) where habit_broken;

create table segment_snapshots (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  as_of date not null,
  org_unit_id uuid,
  segment text not null,
  customers integer not null,
  monetary numeric not null,
  computed_at timestamptz not null default now()
);
create index segment_snapshots_workspace on segment_snapshots(workspace_id, as_of);
