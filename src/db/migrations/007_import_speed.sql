-- Orders and their lines arrive a million lines at a time. Their per-row foreign keys (an index probe and a
-- row lock for every row, twice per table) cost more than writing the rows themselves. The same rules now hold,
-- checked once per statement with one probe per distinct parent, and stricter than before:
--   an order's customer exists in the order's workspace (so the workspace exists: customers keep that key);
--   a line's order exists in the line's workspace;
--   deleting a customer (directly or with its workspace) deletes its orders, deleting an order its lines;
--   the ids these rules refer to never change.
-- The parents are locked for key share, as a foreign key does: a concurrent delete waits for the writer.
-- The probes are sub-selects the planner keeps as such: mid-import the statistics are far out of date, and a
-- join would be planned as a scan of the whole parent table.
alter table orders
  drop constraint orders_customer_id_fkey,
  drop constraint orders_workspace_id_fkey;
alter table order_lines
  drop constraint order_lines_order_id_fkey,
  drop constraint order_lines_workspace_id_fkey;

create function orders_check_customers() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from (select distinct customer_id, workspace_id from new_orders) n
    where not exists (
      select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id for key share
    )
  ) then
    raise exception 'an order refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create trigger orders_check_insert after insert on orders
  referencing new table as new_orders for each statement execute function orders_check_customers();
create trigger orders_check_update after update on orders
  referencing new table as new_orders for each statement execute function orders_check_customers();

create function order_lines_check_orders() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from (select distinct order_id, workspace_id from new_lines) n
    where not exists (
      select 1 from orders o where o.id = n.order_id and o.workspace_id = n.workspace_id for key share
    )
  ) then
    raise exception 'an order line refers to an order that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create trigger order_lines_check_insert after insert on order_lines
  referencing new table as new_lines for each statement execute function order_lines_check_orders();
create trigger order_lines_check_update after update on order_lines
  referencing new table as new_lines for each statement execute function order_lines_check_orders();

create function customers_delete_orders() returns trigger language plpgsql as $$
begin
  delete from orders o using old_customers c where o.customer_id = c.id;
  return null;
end $$;

create trigger customers_delete_orders after delete on customers
  referencing old table as old_customers for each statement execute function customers_delete_orders();

create function orders_delete_lines() returns trigger language plpgsql as $$
begin
  delete from order_lines l using old_orders o where l.order_id = o.id;
  return null;
end $$;

create trigger orders_delete_lines after delete on orders
  referencing old table as old_orders for each statement execute function orders_delete_lines();

create function keep_id() returns trigger language plpgsql as $$
begin
  raise exception '%''s id never changes: other rows refer to it', tg_table_name
    using errcode = 'foreign_key_violation';
end $$;

create trigger customers_keep_id before update of id on customers
  for each row when (new.id is distinct from old.id) execute function keep_id();
create trigger orders_keep_id before update of id on orders
  for each row when (new.id is distinct from old.id) execute function keep_id();
-- An order moving to another workspace would leave its lines behind.
create trigger orders_keep_workspace before update of workspace_id on orders
  for each row when (new.workspace_id is distinct from old.workspace_id) execute function keep_id();
