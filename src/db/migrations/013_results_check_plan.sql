-- A recomputation checks a million results at once. Asked whether any result lacks its customer (exists), the
-- planner aims at the first row and probes customers_pkey once per result: 1.7 s for 980,000 results. Asked
-- how many do, it plans for all of them and hashes the customers instead: 0.9 s. A few results still probe.
create or replace function segment_results_check_customers() returns trigger language plpgsql as $$
declare
  missing bigint;
begin
  execute 'select count(*) from new_results n
    where not exists (select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id)'
    into missing;
  if missing > 0 then
    raise exception 'a segment result refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;
