-- Pain points' customers affected at five million responses: the distinct customers with a negative response at a
-- touchpoint in a window, and the sum of their values, without visiting each of them per request.
-- * insight_affected_days: per customer and touchpoint, each local day with a negative response (any unit), the
--   customer's previous such day, and the customer's value (12-month CLV of the basis fit, else net revenue, else 0).
-- * insight_affected_cells: those rows counted and their values summed per touchpoint, day and previous day.
--   A customer with negative days in [from, to] has exactly one of them whose previous day is before `from` (or
--   none): summing the cells with day in [from, to] and previous_day < from counts each customer once, exactly.
-- * insight_value_basis: the fit whose CLV the values hold (null: none). A reader uses the cells only while the
--   basis is the workspace's newest fit; the commit of a new fit re-values the workspace.
-- Kept by the responses', orders' and predictions' statement triggers, which recompute the rows of the customers
-- (and touchpoints) a statement touched; a row whose counts fall to zero stays, with zeros.

create table insight_affected_days (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null,
  touchpoint text not null,
  day date not null,
  previous_day date,
  value numeric not null
);
create index insight_affected_days_customer on insight_affected_days (workspace_id, customer_id, touchpoint);

create table insight_affected_cells (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  touchpoint text not null,
  day date not null,
  previous_day date,
  customers integer not null,
  value numeric not null
);
create unique index insight_affected_cells_key on insight_affected_cells (workspace_id, day, touchpoint, previous_day)
  nulls not distinct;

create table insight_value_basis (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  fit_id uuid
);

-- The negative days of a customer and touchpoint, found by customer.
create index insight_negative_days_customer on insight_negative_days (workspace_id, customer_id, touchpoint);

-- The statement that recomputes the rows of the (workspace_id, customer_id, touchpoint) triples `pairs` selects
-- (null touchpoint: all of the customer's) and adds the difference to the cells.
create function insight_affected_sql(pairs text) returns text language sql immutable as $$
  select format($q$
    with pairs as materialized (select distinct p.workspace_id, p.customer_id, p.touchpoint from (%s) p
        where p.customer_id is not null and exists (select 1 from workspaces w where w.id = p.workspace_id)),
      old as (
        delete from insight_affected_days a using pairs p
        where a.workspace_id = p.workspace_id and a.customer_id = p.customer_id
          and a.touchpoint = coalesce(p.touchpoint, a.touchpoint)
        returning a.workspace_id, a.touchpoint, a.day, a.previous_day, a.value),
      days as (
        select n.workspace_id, n.customer_id, n.touchpoint, n.day from insight_negative_days n join pairs p
          on n.workspace_id = p.workspace_id and n.customer_id = p.customer_id
          and n.touchpoint = coalesce(p.touchpoint, n.touchpoint)
        group by n.workspace_id, n.customer_id, n.touchpoint, n.day having sum(n.n) > 0),
      new as (
        select d.workspace_id, d.customer_id, d.touchpoint, d.day,
          lag(d.day) over (partition by d.workspace_id, d.customer_id, d.touchpoint order by d.day) as previous_day,
          coalesce(fp.clv, ic.revenue, 0) as value
        from days d
        left join insight_value_basis b on b.workspace_id = d.workspace_id
        left join forecast_predictions fp on fp.fit_id = b.fit_id and fp.customer_id = d.customer_id
        left join insight_customers ic on ic.workspace_id = d.workspace_id and ic.customer_id = d.customer_id),
      added as (insert into insight_affected_days select * from new)
    insert into insight_affected_cells as c (workspace_id, touchpoint, day, previous_day, customers, value)
    select workspace_id, touchpoint, day, previous_day, sum(sign)::int, sum(sign * value)
    from (select workspace_id, touchpoint, day, previous_day, value, -1 as sign from old
      union all select workspace_id, touchpoint, day, previous_day, value, 1 from new) x
    group by workspace_id, touchpoint, day, previous_day
    having sum(sign) <> 0 or sum(sign * value) <> 0
    -- One order for every writer, so that two transactions touching the same rows do not deadlock.
    order by workspace_id, day, touchpoint, previous_day
    on conflict (workspace_id, day, touchpoint, previous_day)
    do update set customers = c.customers + excluded.customers, value = c.value + excluded.value
  $q$, pairs)
$$;

-- The workspace's newest successful forecast, as the readers choose it.
create function insight_newest_fit(workspace uuid) returns uuid language sql stable as $$
  select id from forecast_fits where workspace_id = workspace and status = 'fitted'
  order by fitted_at desc, id limit 1
$$;

-- Recomputes a workspace's affected rows and cells, valued by its newest fit.
create function insight_affected_rebuild(workspace uuid) returns void language plpgsql as $$
begin
  insert into insight_value_basis (workspace_id, fit_id) values (workspace, insight_newest_fit(workspace))
  on conflict (workspace_id) do update set fit_id = excluded.fit_id;
  delete from insight_affected_days where workspace_id = workspace;
  delete from insight_affected_cells where workspace_id = workspace;
  execute insight_affected_sql(format('select workspace_id, customer_id, null::text as touchpoint
    from insight_negative_days where workspace_id = %L', workspace));
end $$;

-- Responses: the customers and touchpoints of the statement's rows, after the rollup statement.
create or replace function insight_rollup_on_insert() returns trigger language plpgsql as $$
begin
  execute insight_rollup_sql('select r.*, 1 as sign from insight_new_rows r');
  execute insight_affected_sql('select workspace_id, customer_id, touchpoint from insight_new_rows');
  return null;
end $$;

create or replace function insight_rollup_on_update() returns trigger language plpgsql as $$
begin
  execute insight_rollup_sql('select r.*, -1 as sign from insight_old_rows r
    union all select r.*, 1 as sign from insight_new_rows r');
  execute insight_affected_sql('select workspace_id, customer_id, touchpoint from insight_old_rows
    union all select workspace_id, customer_id, touchpoint from insight_new_rows');
  return null;
end $$;

create or replace function insight_rollup_on_delete() returns trigger language plpgsql as $$
begin
  execute insight_rollup_sql('select r.*, -1 as sign from insight_old_rows r');
  execute insight_affected_sql('select workspace_id, customer_id, touchpoint from insight_old_rows');
  return null;
end $$;

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
  perform insight_affected_rebuild(workspace);
end $$;

-- Orders change a customer's revenue, the value of a customer without CLV: their rows are re-valued.
create or replace function insight_revenue_on_insert() returns trigger language plpgsql as $$
begin
  execute insight_revenue_sql('select workspace_id, customer_id, amount, 1 as sign from insight_new_orders');
  execute insight_affected_sql('select workspace_id, customer_id, null::text as touchpoint from insight_new_orders');
  return null;
end $$;
create or replace function insight_revenue_on_update() returns trigger language plpgsql as $$
begin
  execute insight_revenue_sql('select workspace_id, customer_id, amount, -1 as sign from insight_old_orders
    union all select workspace_id, customer_id, amount, 1 from insight_new_orders');
  execute insight_affected_sql('select workspace_id, customer_id, null::text as touchpoint from insight_old_orders
    union all select workspace_id, customer_id, null from insight_new_orders');
  return null;
end $$;
create or replace function insight_revenue_on_delete() returns trigger language plpgsql as $$
begin
  execute insight_revenue_sql('select workspace_id, customer_id, amount, -1 as sign from insight_old_orders');
  execute insight_affected_sql('select workspace_id, customer_id, null::text as touchpoint from insight_old_orders');
  return null;
end $$;

create or replace function insight_revenue_rebuild(workspace uuid) returns void language plpgsql as $$
begin
  update insight_customers set revenue = 0 where workspace_id = workspace and revenue <> 0;
  execute insight_revenue_sql(format('select workspace_id, customer_id, amount, 1 as sign from orders
    where workspace_id = %L', workspace));
  perform insight_affected_rebuild(workspace);
end $$;

-- Predictions of the basis fit change the value of their customers.
create function insight_predictions_changed() returns trigger language plpgsql as $$
begin
  execute insight_affected_sql(format('select p.workspace_id, p.customer_id, null::text as touchpoint
    from %I p join insight_value_basis b on b.workspace_id = p.workspace_id and b.fit_id = p.fit_id',
    case when tg_op = 'DELETE' then 'insight_old_predictions' else 'insight_new_predictions' end));
  if tg_op = 'UPDATE' then
    execute insight_affected_sql('select p.workspace_id, p.customer_id, null::text as touchpoint
      from insight_old_predictions p join insight_value_basis b on b.workspace_id = p.workspace_id and b.fit_id = p.fit_id');
  end if;
  return null;
end $$;
create trigger forecast_predictions_insight_insert after insert on forecast_predictions
  referencing new table as insight_new_predictions for each statement execute function insight_predictions_changed();
create trigger forecast_predictions_insight_update after update on forecast_predictions
  referencing old table as insight_old_predictions new table as insight_new_predictions
  for each statement execute function insight_predictions_changed();
create trigger forecast_predictions_insight_delete after delete on forecast_predictions
  referencing old table as insight_old_predictions for each statement execute function insight_predictions_changed();

-- A fit written, changed or removed: at commit (its predictions are in by then), a workspace whose newest fit is no
-- longer the basis is re-valued.
create function insight_fits_changed() returns trigger language plpgsql as $$
declare
  workspace uuid := case when tg_op = 'DELETE' then old.workspace_id else new.workspace_id end;
begin
  if exists (select 1 from workspaces where id = workspace) and insight_newest_fit(workspace) is distinct from
      (select fit_id from insight_value_basis where workspace_id = workspace) then
    perform insight_affected_rebuild(workspace);
  end if;
  return null;
end $$;
create constraint trigger forecast_fits_insight_basis after insert or update or delete on forecast_fits
  deferrable initially deferred for each row execute function insight_fits_changed();

select insight_affected_rebuild(id) from workspaces;
