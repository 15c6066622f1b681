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

-- The minutes of [t1, t2] that fall in business hours ({"days": [ISO weekdays], "start": "HH:MM", "end": "HH:MM"}),
-- counted in the zone's local time, day by day.
create function journey_business_minutes(t1 timestamptz, t2 timestamptz, zone text, hours jsonb)
returns double precision language sql stable as $$
  select coalesce(sum(greatest(0, extract(epoch from
      least(t2 at time zone zone, d + (hours->>'end')::time) - greatest(t1 at time zone zone, d + (hours->>'start')::time)
    ) / 60)), 0)::double precision
  from generate_series((t1 at time zone zone)::date::timestamp, (t2 at time zone zone)::date::timestamp,
    interval '1 day') d
  where t2 > t1 and extract(isodow from d)::int in (select jsonb_array_elements_text(hours->'days')::int)
$$;
