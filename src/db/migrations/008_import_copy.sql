-- Order lines now arrive by COPY straight into order_lines, a batch of orders at a time.
--
-- The checks of 007 lock every parent for key share, so that a concurrent delete waits for the writer. A parent
-- this transaction inserted or updated needs no lock: no one else sees it yet, or this transaction holds its
-- row lock already. Those are nearly all parents in an import, and each lock is a write (and a WAL record).
-- CASE fixes the order: the lock is only tried where the first probe found no such parent of our own. Both
-- probes stay sub-selects (offset 0, for key share) that the planner keeps as index probes per parent.
create or replace function orders_check_customers() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from (select distinct customer_id, workspace_id from new_orders) n
    where case
      when exists (
        select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id
          and c.xmin = xid(pg_current_xact_id()) offset 0
      ) then false
      else not exists (
        select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id for key share
      )
    end
  ) then
    raise exception 'an order refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create or replace function order_lines_check_orders() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from (select distinct order_id, workspace_id from new_lines) n
    where case
      when exists (
        select 1 from orders o where o.id = n.order_id and o.workspace_id = n.workspace_id
          and o.xmin = xid(pg_current_xact_id()) offset 0
      ) then false
      else not exists (
        select 1 from orders o where o.id = n.order_id and o.workspace_id = n.workspace_id for key share
      )
    end
  ) then
    raise exception 'an order line refers to an order that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;
