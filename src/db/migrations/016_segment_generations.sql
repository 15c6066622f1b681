-- A recomputation writes its results under a new generation, split by customer over several connections at once,
-- and then makes that generation its workspace's current one in one short transaction: readers see the old
-- results or the new ones, whole (see current-results.ts).
create sequence segment_generation;

create table segment_generations (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  generation bigint not null,
  -- The analysis date of the current results; null when no customer has a purchase.
  as_of date,
  customers integer not null,
  computed_at timestamptz not null default now()
);

alter table segment_results add column generation bigint;
insert into segment_generations (workspace_id, generation, as_of, customers)
  select workspace_id, nextval('segment_generation'), max(as_of), count(*) from segment_results group by workspace_id;
update segment_results r set generation = g.generation from segment_generations g where g.workspace_id = r.workspace_id;

-- The results are the orders' figures, computed again in seconds. Unlogged, their million rows are written
-- without the write-ahead log, which two connections writing at once would otherwise wait on for half the time.
-- After a crash PostgreSQL empties the table; the server then recomputes every workspace whose current generation
-- lost its rows (see restore-segments.ts).
alter table segment_results set unlogged;
alter table segment_results
  alter column generation set not null,
  drop constraint segment_results_pkey,
  add primary key (workspace_id, generation, customer_id);
-- Two connections inserting into the same few segment keys wait on each other's index pages; a segment's
-- customers are listed from a scan of the results, which the page's total needs anyway.
drop index segment_results_segment;
drop index segment_results_broken;
create index segment_results_broken on segment_results(workspace_id, generation, next_due) where habit_broken;

-- A recomputation's results come from the orders of the workspace's customers, under the lock a delete of customers
-- takes: they have their customers, and the recomputation says so (rapport.results_from_orders) rather than
-- having a million of them looked up again.
create or replace function segment_results_check_customers() returns trigger language plpgsql as $$
declare
  missing bigint;
begin
  if current_setting('rapport.results_from_orders', true) = 'on' then
    return null;
  end if;
  execute 'select count(*) from new_results n
    where not exists (select 1 from customers c where c.id = n.customer_id and c.workspace_id = n.workspace_id)'
    into missing;
  if missing > 0 then
    raise exception 'a segment result refers to a customer that does not exist in its workspace'
      using errcode = 'foreign_key_violation';
  end if;
  return null;
end $$;
