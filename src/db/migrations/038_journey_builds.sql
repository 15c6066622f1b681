-- Promise pairs, precomputed: a promise's figures are read from its start events already paired with the end event
-- that answers each, instead of pairing every start and end event on each request. The pairs depend only on the
-- two event types (not on the limit, business hours or time zone, applied when read), so every promise of a
-- workspace naming the same two types shares them. journey_promise_kinds lists the pairs kept; `built` turns true
-- once a kind's pairs cover every event (a job builds them in chunks; until then readers pair the events).

create table journey_promise_kinds (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  start_event text not null,
  end_event text not null,
  built boolean not null default false,
  primary key (workspace_id, start_event, end_event)
);

create table journey_promise_pairs (
  workspace_id uuid not null,
  start_event text not null,
  end_event text not null,
  customer_id uuid not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  foreign key (workspace_id, start_event, end_event) references journey_promise_kinds on delete cascade
);
create index journey_promise_pairs_customer on journey_promise_pairs(workspace_id, start_event, end_event, customer_id);
create index journey_promise_pairs_start on journey_promise_pairs(workspace_id, start_event, end_event, started_at)
  include (ended_at, customer_id);

-- Each start event of a customer paired with the first end event that follows it before their next start event (an
-- end at the same instant counts); ended_at null when none does. Callers filter by customer_id, which the planner
-- pushes below the window (it is the partition), so a few customers read only their own events.
create function journey_promise_pairs_from_events(ws uuid, start_type text, end_type text)
returns table (customer_id uuid, started_at timestamptz, ended_at timestamptz) language sql stable as $$
  select s.customer_id, s.occurred_at, case when s.next_is_start = false then s.next_at end
  from (
    select ev.customer_id, ev.occurred_at, ev.is_start, lead(ev.is_start) over w as next_is_start,
      lead(ev.occurred_at) over w as next_at
    from (
      select e.customer_id, e.occurred_at, true as is_start from events e
      where e.workspace_id = ws and e.type = start_type
      union all
      select e.customer_id, e.occurred_at, false from events e where e.workspace_id = ws and e.type = end_type) ev
    window w as (partition by ev.customer_id order by ev.occurred_at, ev.is_start desc)) s
  where s.is_start
$$;

-- Recomputes a kind's pairs of the given customers. The kind's row is locked for share: a chunk of a build locks it
-- for update, so the two never interleave.
create function journey_promise_pairs_refresh(ws uuid, start_type text, end_type text, customers uuid[])
returns void language plpgsql as $$
begin
  perform 1 from journey_promise_kinds where workspace_id = ws and start_event = start_type and end_event = end_type
    for share;
  delete from journey_promise_pairs where workspace_id = ws and start_event = start_type and end_event = end_type
    and customer_id = any(customers);
  insert into journey_promise_pairs (workspace_id, start_event, end_event, customer_id, started_at, ended_at)
  select ws, start_type, end_type, p.customer_id, p.started_at, p.ended_at
  from journey_promise_pairs_from_events(ws, start_type, end_type) p where p.customer_id = any(customers);
end $$;

-- The kept kinds a statement's changed events take part in, with their customers (the transition tables are only
-- visible to the trigger function itself, hence the query text).
create function journey_promise_kinds_changed(changed_events text) returns text language sql immutable as $$
  select format($q$
    select p.workspace_id, p.start_event, p.end_event, array_agg(distinct n.customer_id) as customers
    from (%s) n join journey_promise_kinds p on p.workspace_id = n.workspace_id
      and (p.start_event = n.type or p.end_event = n.type)
    group by 1, 2, 3 $q$, changed_events)
$$;

create function journey_promise_pairs_on_insert() returns trigger language plpgsql as $$
declare
  k record;
begin
  for k in execute journey_promise_kinds_changed('select workspace_id, type, customer_id from journey_new_events') loop
    perform journey_promise_pairs_refresh(k.workspace_id, k.start_event, k.end_event, k.customers);
  end loop;
  return null;
end $$;
create function journey_promise_pairs_on_update() returns trigger language plpgsql as $$
declare
  k record;
begin
  for k in execute journey_promise_kinds_changed('select workspace_id, type, customer_id from journey_new_events
      union all select workspace_id, type, customer_id from journey_old_events') loop
    perform journey_promise_pairs_refresh(k.workspace_id, k.start_event, k.end_event, k.customers);
  end loop;
  return null;
end $$;
create function journey_promise_pairs_on_delete() returns trigger language plpgsql as $$
declare
  k record;
begin
  for k in execute journey_promise_kinds_changed('select workspace_id, type, customer_id from journey_old_events') loop
    perform journey_promise_pairs_refresh(k.workspace_id, k.start_event, k.end_event, k.customers);
  end loop;
  return null;
end $$;
create trigger events_journey_promises_insert after insert on events
  referencing new table as journey_new_events for each statement execute function journey_promise_pairs_on_insert();
create trigger events_journey_promises_update after update on events
  referencing old table as journey_old_events new table as journey_new_events
  for each statement execute function journey_promise_pairs_on_update();
create trigger events_journey_promises_delete after delete on events
  referencing old table as journey_old_events for each statement execute function journey_promise_pairs_on_delete();

-- The kinds of the promises that exist (built by the job the app queues for them).
insert into journey_promise_kinds (workspace_id, start_event, end_event)
select distinct workspace_id, start_event, end_event from journey_promises;

-- Paths built in the background: when a map's event-type mapping changes, a journey with many events is rebuilt by
-- the background build in chunks of customers instead of in the request's transaction. built is false meanwhile
-- (readers say the paths are being rebuilt); a chunk holds the row for update, the event triggers for share.
-- generation counts the mapping's changes: a build that sees it change midway starts again.
create table journey_path_builds (
  journey_id uuid primary key references journeys(id) on delete cascade,
  built boolean not null default true,
  generation integer not null default 0
);
insert into journey_path_builds (journey_id) select id from journeys;

-- Recomputes the paths of a journey from the events of the customers `which` selects: a condition on e.customer_id
-- with $1 the customers array, $2 and $3 the bounds of a chunk (after, up to). Run as dynamic SQL so that each
-- call is planned for its own condition (a cached generic plan would read every event for one customer).
create function journey_paths_refresh_part(journey uuid, which text, customers uuid[], after uuid, upto uuid)
returns void language plpgsql as $$
declare
  ws uuid;
begin
  select workspace_id into ws from journeys where id = journey;
  if ws is null then return; end if;
  perform 1 from journey_path_builds where journey_id = journey for share;
  execute format('delete from journey_paths e where e.journey_id = $4 and %s', which)
    using customers, after, upto, journey;
  execute format($q$
  insert into journey_paths (journey_id, customer_id, workspace_id, path, touched, gap_stages, gap_hours, entered_at)
  with ev as (
    select e.customer_id, e.occurred_at, m.ord, m.stage
    from events e join journey_path_types m on m.journey_id = $4 and m.type = e.type
    where e.workspace_id = $5 and %s),
  marked as (
    select customer_id, occurred_at, ord,
      lag(ord) over (partition by customer_id order by occurred_at, ord) is distinct from ord as fresh
    from ev),
  paths as (
    select customer_id, array_agg(ord order by occurred_at, ord) filter (where fresh) as path,
      array(select distinct unnest(array_agg(ord)) order by 1) as touched, min(occurred_at) as entered_at
    from marked group by customer_id),
  firsts as (
    select customer_id, stage, min(occurred_at) as first_at from ev group by customer_id, stage),
  gaps as (
    select customer_id, stage, extract(epoch from next_at - first_at) / 3600 as hours
    from (select customer_id, stage, first_at, lead(stage) over w as next_stage, lead(first_at) over w as next_at
      from firsts window w as (partition by customer_id order by stage)) f
    where next_stage = stage + 1 and next_at >= first_at),
  gap_arrays as (
    select customer_id, array_agg(stage order by stage) as gap_stages, array_agg(hours::real order by stage) as gap_hours
    from gaps group by customer_id)
  select $4, p.customer_id, $5, p.path, p.touched, coalesce(g.gap_stages, '{}'), coalesce(g.gap_hours, '{}'),
    p.entered_at
  from paths p left join gap_arrays g using (customer_id) $q$, which)
    using customers, after, upto, journey, ws;
end $$;

create or replace function journey_paths_refresh(journey uuid, only_customers uuid[]) returns void language plpgsql as $$
begin
  if only_customers is null then
    -- A whole journey's rebuild sorts every event of its types once: room for it, for the rest of the transaction.
    perform set_config('work_mem', '256MB', true);
    perform journey_paths_refresh_part(journey, 'true', null, null, null);
  else
    perform journey_paths_refresh_part(journey, 'e.customer_id = any($1)', only_customers, null, null);
  end if;
end $$;
