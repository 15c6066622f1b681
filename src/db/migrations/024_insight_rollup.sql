-- Insights: an exact pre-aggregation of scale answers (NPS, CSAT, CES, rating), so that a metric over two years
-- of answers sums a few thousand rows instead of reading millions of responses. One row per workspace, org unit,
-- touchpoint, survey, question, NPS kind and local day (in the workspace's time zone) holds the count of each
-- score 0–10; every estimate, interval and z-test is computed from these counts exactly as from the raw answers.
-- Statement triggers on responses keep it current in the writing transaction (set-based over the statement's
-- rows); a change of the workspace's time zone, or insight_rollup_rebuild(workspace), recomputes a workspace.
create table insight_rollup (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  -- No foreign key: the responses' own "on delete set null" moves the counts to the null unit via the trigger.
  org_unit_id uuid,
  touchpoint text not null,
  survey_id uuid not null,
  question_id text not null,
  question_type text not null,
  nps_kind text not null,
  scale_min smallint not null,
  scale_max smallint not null,
  day date not null,
  n integer not null,
  c0 integer not null, c1 integer not null, c2 integer not null, c3 integer not null, c4 integer not null,
  c5 integer not null, c6 integer not null, c7 integer not null, c8 integer not null, c9 integer not null,
  c10 integer not null
);
create unique index insight_rollup_key on insight_rollup (workspace_id, question_type, day, touchpoint, survey_id,
  question_id, nps_kind, scale_min, scale_max, org_unit_id) nulls not distinct;

-- The weighted index (TRI*M-style) of each response is a fraction, not a score: its rollup keeps n, Σx and Σx² in
-- numeric, which is exact (sums and products of numerics do not round), so mean and variance come out as from
-- avg() and var_samp() over the responses.
create table insight_index_rollup (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  org_unit_id uuid,
  touchpoint text not null,
  survey_id uuid not null,
  day date not null,
  n integer not null,
  sum_x numeric not null,
  sum_x2 numeric not null
);
create unique index insight_index_rollup_key on insight_index_rollup (workspace_id, day, touchpoint, survey_id,
  org_unit_id) nulls not distinct;

-- The statement that adds (sign 1) or removes (sign -1) the answers of the responses `source` selects (a query
-- text naming responses' columns and a column sign) to the rollup. The trigger functions execute it themselves:
-- their transition tables are visible to their own statements only.
create function insight_rollup_sql(source text) returns text language sql immutable as $$
  select format($q$
    with src as (%s),
      versions as (select distinct survey_id, survey_version from src),
      questions as (
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
        select src.id, src.workspace_id, src.org_unit_id, src.touchpoint, src.survey_id, q.qid, q.qtype, src.nps_kind,
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

create function insight_rollup_on_insert() returns trigger language plpgsql as $$
begin
  execute insight_rollup_sql('select r.*, 1 as sign from insight_new_rows r');
  return null;
end $$;

create function insight_rollup_on_update() returns trigger language plpgsql as $$
begin
  execute insight_rollup_sql('select r.*, -1 as sign from insight_old_rows r
    union all select r.*, 1 as sign from insight_new_rows r');
  return null;
end $$;

create function insight_rollup_on_delete() returns trigger language plpgsql as $$
begin
  execute insight_rollup_sql('select r.*, -1 as sign from insight_old_rows r');
  return null;
end $$;

create trigger responses_rollup_insert after insert on responses
  referencing new table as insight_new_rows for each statement execute function insight_rollup_on_insert();
create trigger responses_rollup_update after update on responses
  referencing old table as insight_old_rows new table as insight_new_rows
  for each statement execute function insight_rollup_on_update();
create trigger responses_rollup_delete after delete on responses
  referencing old table as insight_old_rows for each statement execute function insight_rollup_on_delete();

-- Recomputes a workspace's rollup from its responses (after a bulk load with the triggers off, or on demand).
create function insight_rollup_rebuild(workspace uuid) returns void language plpgsql as $$
begin
  delete from insight_rollup where workspace_id = workspace;
  delete from insight_index_rollup where workspace_id = workspace;
  execute insight_rollup_sql(format('select r.*, 1 as sign from responses r where r.workspace_id = %L', workspace));
end $$;

-- Local days move with the time zone: a new zone recomputes the workspace.
create function insight_rollup_on_zone() returns trigger language plpgsql as $$
begin
  if (tg_op = 'INSERT' and new.timezone <> 'UTC') or (tg_op = 'UPDATE' and new.timezone is distinct from old.timezone) then
    perform insight_rollup_rebuild(new.workspace_id);
  end if;
  return null;
end $$;
create trigger survey_delivery_settings_zone after insert or update of timezone on survey_delivery_settings
  for each row execute function insight_rollup_on_zone();

select insight_rollup_rebuild(id) from workspaces;
