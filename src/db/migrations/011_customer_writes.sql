-- Customers arrive tens of thousands at a time (customer files, and every order file names new ones). Their
-- per-row foreign key to the workspace ran one probe and one row lock of the same workspace row per customer:
-- about as much as writing the customer. The rule holds as it does for orders since 007, once per statement:
--   a customer's workspace exists (locked for key share, as the key did);
--   deleting a workspace deletes its customers (and with them their orders, lines and results);
--   a workspace's id never changes, and a customer never moves to another workspace (as orders, since 007), so
--   an update cannot break the rule and needs no check.
alter table customers drop constraint customers_workspace_id_fkey;

-- The check is planned at each call (execute), as 012 explains.
create function customers_check_workspaces() returns trigger language plpgsql as $$
declare
  missing boolean;
begin
  execute 'select exists (
    select 1 from (select distinct workspace_id from new_customers) n
    where not exists (select 1 from workspaces w where w.id = n.workspace_id for key share)
  )' into missing;
  if missing then
    raise exception 'a customer refers to a workspace that does not exist'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create trigger customers_check_insert after insert on customers
  referencing new table as new_customers for each statement execute function customers_check_workspaces();
create trigger customers_keep_workspace before update of workspace_id on customers
  for each row when (new.workspace_id is distinct from old.workspace_id) execute function keep_id();

create function workspaces_delete_customers() returns trigger language plpgsql as $$
begin
  delete from customers c using old_workspaces w where c.workspace_id = w.id;
  return null;
end $$;

create trigger workspaces_delete_customers after delete on workspaces
  referencing old table as old_workspaces for each statement execute function workspaces_delete_customers();
create trigger workspaces_keep_id before update of id on workspaces
  for each row when (new.id is distinct from old.id) execute function keep_id();
