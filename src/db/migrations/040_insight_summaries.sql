-- Insights at five million responses: pre-aggregates kept exactly by the same statement triggers as the daily
-- rollup (migration 024), so that the overview and the touchpoint view read a few thousand rows.
-- * insight_rollup_month, insight_index_rollup_month: the daily rollups summed per local month. A window reads its
--   whole months here and only its partial months' days from the daily rollup.
-- * insight_touchpoint_days: per unit, touchpoint and local day, the responses with an NPS, CSAT or CES answer and
--   those with a negative one (pain points' volume and negative share).
-- * insight_negative_days: the same negative responses per known customer (pain points' customers affected).
-- * insight_customers: per customer, the responses ever (silent customers) and the net revenue of their orders
--   (the value of a customer without a forecast), the latter kept by statement triggers on orders.
-- A row whose counts fall to zero stays, with zeros: readers skip it.

create table insight_rollup_month (like insight_rollup);
alter table insight_rollup_month rename column day to month;
alter table insight_rollup_month add foreign key (workspace_id) references workspaces(id) on delete cascade;
create unique index insight_rollup_month_key on insight_rollup_month (workspace_id, question_type, month, touchpoint,
  survey_id, question_id, nps_kind, scale_min, scale_max, org_unit_id) nulls not distinct;

create table insight_index_rollup_month (like insight_index_rollup);
alter table insight_index_rollup_month rename column day to month;
alter table insight_index_rollup_month add foreign key (workspace_id) references workspaces(id) on delete cascade;
create unique index insight_index_rollup_month_key on insight_index_rollup_month (workspace_id, month, touchpoint,
  survey_id, org_unit_id) nulls not distinct;

create table insight_touchpoint_days (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  org_unit_id uuid,
  touchpoint text not null,
  day date not null,
  rated integer not null,
  negatives integer not null
);
create unique index insight_touchpoint_days_key on insight_touchpoint_days (workspace_id, day, touchpoint,
  org_unit_id) nulls not distinct;

create table insight_negative_days (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  org_unit_id uuid,
  touchpoint text not null,
  customer_id uuid not null,
  day date not null,
  n integer not null
);
create unique index insight_negative_days_key on insight_negative_days (workspace_id, day, touchpoint, customer_id,
  org_unit_id) nulls not distinct;

-- No foreign key to customers: a deleted customer's orders and responses leave through the triggers, to zeros.
create table insight_customers (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null,
  responses integer not null default 0,
  revenue numeric not null default 0,
  primary key (workspace_id, customer_id)
);
-- The candidates for "never answered", so that a shop where most customers answered reads few rows.
create index insight_customers_silent on insight_customers (workspace_id, customer_id) where responses = 0;

-- Pain points' newest comments of a touchpoint, read backwards in time.
create index responses_touchpoint_answered on responses (workspace_id, touchpoint,
  (coalesce(completed_at, updated_at)));

create or replace function insight_rollup_sql(source text) returns text language sql immutable as $$
  select format($q$
    -- A workspace being deleted takes its summaries along: its cascaded deletes add nothing back.
    with src as (select * from (%s) s where exists (select 1 from workspaces w where w.id = s.workspace_id)),
      versions as (select distinct survey_id, survey_version from src),
      -- Materialized: inlined, the planner expanded the survey definition once per response.
      questions as materialized (
        select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype,
          (case q->>'type' when 'nps' then 0 when 'rating' then coalesce((q->>'min')::numeric, 1) else 1 end) as smin,
          (case q->>'type' when 'nps' then 10 when 'csat' then 5 when 'ces' then 7
            else coalesce((q->>'max')::numeric, 5) end) as smax,
          (v.definition->'scoring'->'weights'->>(q->>'id'))::numeric as weight
        from survey_versions v join versions s on s.survey_id = v.survey_id and s.survey_version = v.version
        cross join lateral jsonb_array_elements(v.definition->'pages') page
        cross join lateral jsonb_array_elements(page->'questions') q
        where q->>'type' in ('nps', 'csat', 'ces', 'rating')),
      answers as (
        select src.id, src.workspace_id, src.org_unit_id, src.customer_id, src.touchpoint, src.survey_id, q.qid, q.qtype, src.nps_kind,
          q.smin, q.smax, q.weight, (coalesce(src.completed_at, src.updated_at) at time zone coalesce(d.timezone, 'UTC'))::date
            as day, (src.answers->>q.qid)::numeric as x, src.sign
        from src join questions q on q.survey_id = src.survey_id and q.version = src.survey_version
        left join survey_delivery_settings d on d.workspace_id = src.workspace_id
        where jsonb_typeof(src.answers->q.qid) = 'number'),
      delta as (
        select workspace_id, org_unit_id, touchpoint, survey_id, qid, qtype, nps_kind, smin, smax, day,
          sum(sign)::int as n,
          coalesce(sum(sign) filter (where x = 0), 0)::int as c0, coalesce(sum(sign) filter (where x = 1), 0)::int as c1,
          coalesce(sum(sign) filter (where x = 2), 0)::int as c2, coalesce(sum(sign) filter (where x = 3), 0)::int as c3,
          coalesce(sum(sign) filter (where x = 4), 0)::int as c4, coalesce(sum(sign) filter (where x = 5), 0)::int as c5,
          coalesce(sum(sign) filter (where x = 6), 0)::int as c6, coalesce(sum(sign) filter (where x = 7), 0)::int as c7,
          coalesce(sum(sign) filter (where x = 8), 0)::int as c8, coalesce(sum(sign) filter (where x = 9), 0)::int as c9,
          coalesce(sum(sign) filter (where x = 10), 0)::int as c10
        from answers
        -- Scale answers are whole numbers 0–10 (validated on every way in); only those are counted.
        where x between 0 and 10 and x = trunc(x)
        group by workspace_id, org_unit_id, touchpoint, survey_id, qid, qtype, nps_kind, smin, smax, day),
      -- A response's index: its answered weighted questions, each rescaled to 0–100, weighted mean (as metric-queries).
      indexed as (
        select workspace_id, org_unit_id, touchpoint, survey_id, day, sign,
          sum(weight * (x - smin) / (smax - smin) * 100) / sum(weight) as x
        from answers where weight is not null and smax > smin
        group by id, sign, workspace_id, org_unit_id, touchpoint, survey_id, day),
      index_delta as (
        select workspace_id, org_unit_id, touchpoint, survey_id, day, sum(sign)::int as n, sum(sign * x) as sum_x,
          sum(sign * x * x) as sum_x2
        from indexed group by workspace_id, org_unit_id, touchpoint, survey_id, day),
      -- Each response with an NPS, CSAT or CES answer, and whether one of them is negative (detractor, CSAT 1–2,
      -- CES 1–3): pain points count responses, not answers.
      rated as (
        select id, sign, workspace_id, org_unit_id, touchpoint, customer_id, day,
          bool_or(case qtype when 'nps' then x <= 6 when 'csat' then x <= 2 else x <= 3 end) as negative
        from answers where qtype in ('nps', 'csat', 'ces')
        group by id, sign, workspace_id, org_unit_id, touchpoint, customer_id, day),
      rated_written as (
        insert into insight_touchpoint_days as r (workspace_id, org_unit_id, touchpoint, day, rated, negatives)
        select workspace_id, org_unit_id, touchpoint, day, sum(sign)::int, coalesce(sum(sign) filter (where negative), 0)::int
        from rated group by workspace_id, org_unit_id, touchpoint, day
        order by workspace_id, day, touchpoint, org_unit_id
        on conflict (workspace_id, day, touchpoint, org_unit_id)
        do update set rated = r.rated + excluded.rated, negatives = r.negatives + excluded.negatives),
      negative_written as (
        insert into insight_negative_days as r (workspace_id, org_unit_id, touchpoint, customer_id, day, n)
        select workspace_id, org_unit_id, touchpoint, customer_id, day, sum(sign)::int
        from rated where negative and customer_id is not null
        group by workspace_id, org_unit_id, touchpoint, customer_id, day
        order by workspace_id, day, touchpoint, customer_id, org_unit_id
        on conflict (workspace_id, day, touchpoint, customer_id, org_unit_id) do update set n = r.n + excluded.n),
      -- Every response of a known customer, for "never answered".
      answered_written as (
        insert into insight_customers as c (workspace_id, customer_id, responses)
        select workspace_id, customer_id, sum(sign)::int from src where customer_id is not null
        group by workspace_id, customer_id order by workspace_id, customer_id
        on conflict (workspace_id, customer_id) do update set responses = c.responses + excluded.responses),
      index_month_written as (
        insert into insight_index_rollup_month as r (workspace_id, org_unit_id, touchpoint, survey_id, month, n, sum_x,
          sum_x2)
        select workspace_id, org_unit_id, touchpoint, survey_id, date_trunc('month', day::timestamp)::date, sum(n)::int, sum(sum_x),
          sum(sum_x2)
        from index_delta group by 1, 2, 3, 4, 5
        having sum(n) <> 0 or sum(sum_x) <> 0 or sum(sum_x2) <> 0
        order by 1, 5, 3, 4, 2
        on conflict (workspace_id, month, touchpoint, survey_id, org_unit_id)
        do update set n = r.n + excluded.n, sum_x = r.sum_x + excluded.sum_x, sum_x2 = r.sum_x2 + excluded.sum_x2),
      month_written as (
        insert into insight_rollup_month as r (workspace_id, org_unit_id, touchpoint, survey_id, question_id,
          question_type, nps_kind, scale_min, scale_max, month, n, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)
        select workspace_id, org_unit_id, touchpoint, survey_id, qid, qtype, nps_kind, smin, smax,
          date_trunc('month', day::timestamp)::date as month, sum(n)::int, sum(c0)::int, sum(c1)::int, sum(c2)::int,
          sum(c3)::int, sum(c4)::int, sum(c5)::int, sum(c6)::int, sum(c7)::int, sum(c8)::int, sum(c9)::int,
          sum(c10)::int
        from delta group by workspace_id, org_unit_id, touchpoint, survey_id, qid, qtype, nps_kind, smin, smax, month
        order by workspace_id, qtype, month, touchpoint, survey_id, qid, nps_kind, smin, smax, org_unit_id
        on conflict (workspace_id, question_type, month, touchpoint, survey_id, question_id, nps_kind, scale_min,
          scale_max, org_unit_id)
        do update set n = r.n + excluded.n, c0 = r.c0 + excluded.c0, c1 = r.c1 + excluded.c1,
          c2 = r.c2 + excluded.c2, c3 = r.c3 + excluded.c3, c4 = r.c4 + excluded.c4, c5 = r.c5 + excluded.c5,
          c6 = r.c6 + excluded.c6, c7 = r.c7 + excluded.c7, c8 = r.c8 + excluded.c8, c9 = r.c9 + excluded.c9,
          c10 = r.c10 + excluded.c10),
      index_written as (
        insert into insight_index_rollup as r (workspace_id, org_unit_id, touchpoint, survey_id, day, n, sum_x, sum_x2)
        select * from index_delta where n <> 0 or sum_x <> 0 or sum_x2 <> 0
        order by workspace_id, day, touchpoint, survey_id, org_unit_id
        on conflict (workspace_id, day, touchpoint, survey_id, org_unit_id)
        do update set n = r.n + excluded.n, sum_x = r.sum_x + excluded.sum_x, sum_x2 = r.sum_x2 + excluded.sum_x2)
    insert into insight_rollup as r (workspace_id, org_unit_id, touchpoint, survey_id, question_id, question_type,
      nps_kind, scale_min, scale_max, day, n, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)
    select * from delta where n <> 0 or c0 <> 0 or c1 <> 0 or c2 <> 0 or c3 <> 0 or c4 <> 0 or c5 <> 0
      or c6 <> 0 or c7 <> 0 or c8 <> 0 or c9 <> 0 or c10 <> 0
    -- One order for every writer, so that two transactions touching the same rows do not deadlock.
    order by workspace_id, qtype, day, touchpoint, survey_id, qid, nps_kind, smin, smax, org_unit_id
    on conflict (workspace_id, question_type, day, touchpoint, survey_id, question_id, nps_kind, scale_min,
      scale_max, org_unit_id)
    do update set n = r.n + excluded.n, c0 = r.c0 + excluded.c0, c1 = r.c1 + excluded.c1,
      c2 = r.c2 + excluded.c2, c3 = r.c3 + excluded.c3, c4 = r.c4 + excluded.c4, c5 = r.c5 + excluded.c5,
      c6 = r.c6 + excluded.c6, c7 = r.c7 + excluded.c7, c8 = r.c8 + excluded.c8, c9 = r.c9 + excluded.c9,
      c10 = r.c10 + excluded.c10
  $q$, source)
$$;


create or replace function insight_rollup_rebuild(workspace uuid) returns void language plpgsql as $$
begin
  delete from insight_rollup where workspace_id = workspace;
  delete from insight_index_rollup where workspace_id = workspace;
  delete from insight_rollup_month where workspace_id = workspace;
  delete from insight_index_rollup_month where workspace_id = workspace;
  delete from insight_touchpoint_days where workspace_id = workspace;
  delete from insight_negative_days where workspace_id = workspace;
  update insight_customers set responses = 0 where workspace_id = workspace and responses <> 0;
  execute insight_rollup_sql(format('select r.*, 1 as sign from responses r where r.workspace_id = %L', workspace));
end $$;

-- Orders: each customer's net revenue (returns are negative amounts), added and removed per statement.
create function insight_revenue_sql(source text) returns text language sql immutable as $$
  select format($q$
    insert into insight_customers as c (workspace_id, customer_id, revenue)
    select workspace_id, customer_id, sum(sign * amount) from (%s) o
    where exists (select 1 from workspaces w where w.id = o.workspace_id)
    -- Every customer with an order gets a row, even at zero net revenue: the rows are the candidates for silence.
    group by workspace_id, customer_id
    order by workspace_id, customer_id
    on conflict (workspace_id, customer_id) do update set revenue = c.revenue + excluded.revenue
  $q$, source)
$$;

create function insight_revenue_on_insert() returns trigger language plpgsql as $$
begin
  execute insight_revenue_sql('select workspace_id, customer_id, amount, 1 as sign from insight_new_orders');
  return null;
end $$;
create function insight_revenue_on_update() returns trigger language plpgsql as $$
begin
  execute insight_revenue_sql('select workspace_id, customer_id, amount, -1 as sign from insight_old_orders
    union all select workspace_id, customer_id, amount, 1 from insight_new_orders');
  return null;
end $$;
create function insight_revenue_on_delete() returns trigger language plpgsql as $$
begin
  execute insight_revenue_sql('select workspace_id, customer_id, amount, -1 as sign from insight_old_orders');
  return null;
end $$;
create trigger orders_insight_revenue_insert after insert on orders
  referencing new table as insight_new_orders for each statement execute function insight_revenue_on_insert();
create trigger orders_insight_revenue_update after update on orders
  referencing old table as insight_old_orders new table as insight_new_orders
  for each statement execute function insight_revenue_on_update();
create trigger orders_insight_revenue_delete after delete on orders
  referencing old table as insight_old_orders for each statement execute function insight_revenue_on_delete();

-- Recomputes a workspace's customer revenue from its orders (after a bulk load with the triggers off, or to check).
create function insight_revenue_rebuild(workspace uuid) returns void language plpgsql as $$
begin
  update insight_customers set revenue = 0 where workspace_id = workspace and revenue <> 0;
  execute insight_revenue_sql(format('select workspace_id, customer_id, amount, 1 as sign from orders
    where workspace_id = %L', workspace));
end $$;

select insight_revenue_rebuild(id), insight_rollup_rebuild(id) from workspaces;
