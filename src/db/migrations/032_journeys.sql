-- Journeys: the customer journey map. A journey has ordered stages; a stage holds ordered touchpoints. A touchpoint
-- belongs to its workspace (key: stable, unique per workspace, the text surveys and responses have always carried),
-- and to at most one stage: deleting a journey leaves its touchpoints unplaced, so surveys keep pointing at them.

create table journeys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  name text not null,
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index journeys_workspace on journeys(workspace_id, created_at);

create table journey_stages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  journey_id uuid not null references journeys(id) on delete cascade,
  name text not null,
  position integer not null
);
create index journey_stages_journey on journey_stages(journey_id, position);

-- intended_emotion: what the business means the customer to feel, on −2 (very negative) … 0 (neutral) … +2 (delighted).
-- event_types: the event types that mean "the customer was here". The owner is an org unit or a person, not both.
create table touchpoints (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  key text not null,
  name text not null,
  stage_id uuid references journey_stages(id) on delete set null,
  position integer not null default 0,
  channel text,
  owner_unit_id uuid references org_units(id) on delete set null,
  owner_user_id uuid references users(id) on delete set null,
  event_types text[] not null default '{}',
  intended_emotion smallint check (intended_emotion between -2 and 2),
  intended_thought text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, key),
  check (owner_unit_id is null or owner_user_id is null)
);
create index touchpoints_stage on touchpoints(stage_id, position);

-- A promise data can check: the end event follows the start event within limit_minutes. business_hours null counts
-- every minute; else {"days": [1..7 ISO weekdays], "start": "HH:MM", "end": "HH:MM"} in the workspace's time zone.
create table journey_promises (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  touchpoint_id uuid not null references touchpoints(id) on delete cascade,
  name text not null,
  start_event text not null,
  end_event text not null,
  limit_minutes integer not null check (limit_minutes > 0),
  business_hours jsonb,
  position integer not null default 0
);
create index journey_promises_touchpoint on journey_promises(touchpoint_id, position);

-- Paths, precomputed: a journey's paths are read from journey_paths instead of from every event, so the Sankey of a
-- million customers sums a million short arrays. journey_path_types is the event-type mapping the paths were built
-- with (type → touchpoint ordinal in map order, and stage ordinal, both from 1); the app rewrites it when the map
-- changes (and rebuilds), and statement triggers on events refresh the customers whose events changed.
create table journey_path_types (
  journey_id uuid not null references journeys(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  type text not null,
  ord smallint not null,
  stage smallint not null,
  primary key (journey_id, type)
);
create index journey_path_types_type on journey_path_types(workspace_id, type);

-- path: touchpoint ordinals in time order, repeats in a row once; touched: the distinct ones, sorted;
-- gap_stages/gap_hours: each stage s whose next stage s + 1 was reached later, and the hours from first reaching
-- s to first reaching s + 1.
create table journey_paths (
  journey_id uuid not null references journeys(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  path smallint[] not null,
  touched smallint[] not null,
  gap_stages smallint[] not null,
  gap_hours real[] not null,
  entered_at timestamptz not null,
  primary key (journey_id, customer_id)
);

-- Recomputes the paths of a journey from the events: of the customers given, or (null) of every customer.
create function journey_paths_refresh(journey uuid, only_customers uuid[]) returns void language plpgsql as $$
declare
  ws uuid;
begin
  select workspace_id into ws from journeys where id = journey;
  if ws is null then return; end if;
  -- A whole journey's rebuild sorts every event of its types once: room for it, for the rest of the transaction.
  if only_customers is null then perform set_config('work_mem', '256MB', true); end if;
  delete from journey_paths where journey_id = journey
    and (only_customers is null or customer_id = any(only_customers));
  insert into journey_paths (journey_id, customer_id, workspace_id, path, touched, gap_stages, gap_hours, entered_at)
  with ev as (
    select e.customer_id, e.occurred_at, m.ord, m.stage
    from events e join journey_path_types m on m.journey_id = journey and m.type = e.type
    where e.workspace_id = ws and (only_customers is null or e.customer_id = any(only_customers))),
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
  select journey, p.customer_id, ws, p.path, p.touched, coalesce(g.gap_stages, '{}'), coalesce(g.gap_hours, '{}'),
    p.entered_at
  from paths p left join gap_arrays g using (customer_id);
end $$;

create function journey_paths_on_insert() returns trigger language plpgsql as $$
declare
  j record;
begin
  for j in select m.journey_id, array_agg(distinct n.customer_id) as customers
      from journey_new_events n join journey_path_types m on m.workspace_id = n.workspace_id and m.type = n.type
      group by m.journey_id loop
    perform journey_paths_refresh(j.journey_id, j.customers);
  end loop;
  return null;
end $$;

create function journey_paths_on_update() returns trigger language plpgsql as $$
declare
  j record;
begin
  for j in select m.journey_id, array_agg(distinct n.customer_id) as customers
      from (select workspace_id, type, customer_id from journey_new_events
        union all select workspace_id, type, customer_id from journey_old_events) n
      join journey_path_types m on m.workspace_id = n.workspace_id and m.type = n.type
      group by m.journey_id loop
    perform journey_paths_refresh(j.journey_id, j.customers);
  end loop;
  return null;
end $$;

create function journey_paths_on_delete() returns trigger language plpgsql as $$
declare
  j record;
begin
  for j in select m.journey_id, array_agg(distinct n.customer_id) as customers
      from journey_old_events n join journey_path_types m on m.workspace_id = n.workspace_id and m.type = n.type
      group by m.journey_id loop
    perform journey_paths_refresh(j.journey_id, j.customers);
  end loop;
  return null;
end $$;

create trigger events_journey_paths_insert after insert on events
  referencing new table as journey_new_events for each statement execute function journey_paths_on_insert();
create trigger events_journey_paths_update after update on events
  referencing old table as journey_old_events new table as journey_new_events
  for each statement execute function journey_paths_on_update();
create trigger events_journey_paths_delete after delete on events
  referencing old table as journey_old_events for each statement execute function journey_paths_on_delete();

-- Events per type and hour, for a touchpoint's volume without reading every event (exact for every time zone whose
-- offset is whole hours; in a :30 or :45 zone a window's first and last hour are read by their UTC hour).
create table journey_event_hours (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  type text not null,
  hour timestamptz not null,
  n integer not null,
  primary key (workspace_id, type, hour)
);

create function journey_event_hours_add(rows_sql text) returns text language sql immutable as $$
  select format($q$
    insert into journey_event_hours as h (workspace_id, type, hour, n)
    select workspace_id, type, date_trunc('hour', occurred_at, 'UTC'), sum(sign)::int from (%s) r
    group by 1, 2, 3 order by 1, 2, 3
    on conflict (workspace_id, type, hour) do update set n = h.n + excluded.n
  $q$, rows_sql)
$$;

create function journey_event_hours_on_insert() returns trigger language plpgsql as $$
begin
  execute journey_event_hours_add('select workspace_id, type, occurred_at, 1 as sign from journey_new_events');
  return null;
end $$;
create function journey_event_hours_on_update() returns trigger language plpgsql as $$
begin
  execute journey_event_hours_add('select workspace_id, type, occurred_at, -1 as sign from journey_old_events
    union all select workspace_id, type, occurred_at, 1 from journey_new_events');
  return null;
end $$;
create function journey_event_hours_on_delete() returns trigger language plpgsql as $$
begin
  execute journey_event_hours_add('select workspace_id, type, occurred_at, -1 as sign from journey_old_events');
  return null;
end $$;
create trigger events_journey_hours_insert after insert on events
  referencing new table as journey_new_events for each statement execute function journey_event_hours_on_insert();
create trigger events_journey_hours_update after update on events
  referencing old table as journey_old_events new table as journey_new_events
  for each statement execute function journey_event_hours_on_update();
create trigger events_journey_hours_delete after delete on events
  referencing old table as journey_old_events for each statement execute function journey_event_hours_on_delete();

insert into journey_event_hours (workspace_id, type, hour, n)
select workspace_id, type, date_trunc('hour', occurred_at, 'UTC'), count(*)::int from events group by 1, 2, 3;

-- Recomputes a workspace's hourly counts from its events (after a bulk load with the triggers off).
create function journey_event_hours_rebuild(workspace uuid) returns void language sql as $$
  select set_config('work_mem', '256MB', true);
  delete from journey_event_hours where workspace_id = workspace;
  insert into journey_event_hours (workspace_id, type, hour, n)
  select workspace_id, type, date_trunc('hour', occurred_at, 'UTC'), count(*)::int from events
  where workspace_id = workspace group by 1, 2, 3;
$$;

-- A promise pairs each customer's start events with their end events: read from this index alone, already in
-- customer and time order, the two event types merge without sorting or visiting the table.
create index events_type_customer on events(workspace_id, type, customer_id, occurred_at);
