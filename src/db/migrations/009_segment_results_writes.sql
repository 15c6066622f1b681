-- A recomputation writes a million segment_results rows at once. Their two per-row foreign keys (a probe and
-- a row lock for every row, twice) cost more than computing the results: 39 s of 58 s for 980,000 rows here.
-- The same rules now hold, checked once per statement:
--   a result's customer exists in the result's workspace (so the workspace exists: customers keep that key);
--   deleting a customer (directly or with its workspace) deletes its results.
-- Instead of locking a million customers for key share, a delete of customers takes the recomputation's lock
-- of their workspace (see recompute-segments.ts): it waits for a running recomputation and then deletes that
-- one's rows too, and a recomputation that starts later no longer sees the deleted customers' orders.
alter table segment_results
  drop constraint segment_results_customer_id_fkey,
  drop constraint segment_results_workspace_id_fkey;

create function segment_results_check_customers() returns trigger language plpgsql as $$
begin
  if exists (
    select 1 from new_results n
    where not exists (select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id)
  ) then
    raise exception 'a segment result refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;

create trigger segment_results_check_insert after insert on segment_results
  referencing new table as new_results for each statement execute function segment_results_check_customers();
create trigger segment_results_check_update after update on segment_results
  referencing new table as new_results for each statement execute function segment_results_check_customers();

create function customers_delete_segment_results() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(4403, hashtext(w.workspace_id::text))
  from (select distinct workspace_id from old_customers order by workspace_id) w;
  delete from segment_results s using old_customers c where s.workspace_id = c.workspace_id and s.customer_id = c.id;
  return null;
end $$;

create trigger customers_delete_segment_results after delete on customers
  referencing old table as old_customers for each statement execute function customers_delete_segment_results();
