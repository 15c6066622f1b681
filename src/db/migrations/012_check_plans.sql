-- The per-statement checks of 007 and 009 ran static queries, which PL/pgSQL plans once per connection and keeps.
-- A connection that first checked a batch while the tables were nearly empty kept that plan: probing customers
-- through customers_email (workspace_id, filter on id) instead of their primary key, which became a scan of the
-- whole workspace per probe as it grew (an import of 1,000,000 order lines took 120 s instead of 10). Planned at
-- each call, with the tables' current sizes, the checks probe the keys; planning costs a fraction of a millisecond
-- per statement.
create or replace function orders_check_customers() returns trigger language plpgsql as $$
declare
  missing boolean;
begin
  execute 'select exists (
    select 1 from (select distinct customer_id, workspace_id from new_orders) n
    where not exists (
      select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id for key share
    )
  )' into missing;
  if missing then
    raise exception 'an order refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create or replace function order_lines_check_orders() returns trigger language plpgsql as $$
declare
  missing boolean;
begin
  execute 'select exists (
    select 1 from (select distinct order_id, workspace_id from new_lines) n
    where not exists (
      select 1 from orders o where o.id = n.order_id and o.workspace_id = n.workspace_id for key share
    )
  )' into missing;
  if missing then
    raise exception 'an order line refers to an order that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create or replace function segment_results_check_customers() returns trigger language plpgsql as $$
declare
  missing boolean;
begin
  execute 'select exists (
    select 1 from new_results n
    where not exists (select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id)
  )' into missing;
  if missing then
    raise exception 'a segment result refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;
