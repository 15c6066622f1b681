-- Surveys and programs refer to touchpoints by id. The free text they carried becomes the touchpoint's key: one
-- touchpoint (unplaced, on no journey yet) per distinct name in use. surveys.touchpoint stays as the key, copied
-- into each response, so that Insight's rollups (keyed by that text) keep working unchanged.

insert into touchpoints (workspace_id, key, name)
select workspace_id, touchpoint, touchpoint from surveys
union select workspace_id, touchpoint, touchpoint from responses
on conflict (workspace_id, key) do nothing;

alter table surveys add column touchpoint_id uuid references touchpoints(id) on delete set null;
update surveys s set touchpoint_id = t.id from touchpoints t
  where t.workspace_id = s.workspace_id and t.key = s.touchpoint;
create index surveys_touchpoint on surveys(touchpoint_id);

-- A program's touchpoint is its survey's unless it names another.
alter table survey_programs add column touchpoint_id uuid references touchpoints(id) on delete set null;
update survey_programs p set touchpoint_id = s.touchpoint_id from surveys s where s.id = p.survey_id;
create index survey_programs_touchpoint on survey_programs(touchpoint_id);

-- A survey written with a touchpoint key (every writer so far) gets the touchpoint of that key, created when new;
-- one written with a touchpoint id gets that touchpoint's key. So the two never disagree.
create function surveys_touchpoint_link() returns trigger language plpgsql as $$
begin
  if new.touchpoint_id is not null and (tg_op = 'INSERT' or new.touchpoint_id is distinct from old.touchpoint_id) then
    select key into new.touchpoint from touchpoints where id = new.touchpoint_id and workspace_id = new.workspace_id;
    if new.touchpoint is null then
      raise exception 'touchpoint % is not in the workspace', new.touchpoint_id using errcode = '23503';
    end if;
  elsif tg_op = 'INSERT' or new.touchpoint is distinct from old.touchpoint or new.touchpoint_id is null then
    insert into touchpoints (workspace_id, key, name) values (new.workspace_id, new.touchpoint, new.touchpoint)
      on conflict (workspace_id, key) do nothing;
    select id into new.touchpoint_id from touchpoints where workspace_id = new.workspace_id and key = new.touchpoint;
  end if;
  return new;
end $$;
create trigger surveys_touchpoint_link before insert or update of touchpoint, touchpoint_id on surveys
  for each row execute function surveys_touchpoint_link();

create function survey_programs_touchpoint_link() returns trigger language plpgsql as $$
begin
  if new.touchpoint_id is null then
    select touchpoint_id into new.touchpoint_id from surveys where id = new.survey_id;
  end if;
  return new;
end $$;
create trigger survey_programs_touchpoint_link before insert or update of survey_id, touchpoint_id on survey_programs
  for each row execute function survey_programs_touchpoint_link();

-- A touchpoint's key is stable: surveys, responses and rollups carry it.
create function touchpoints_key_stable() returns trigger language plpgsql as $$
begin
  if new.key is distinct from old.key then
    raise exception 'a touchpoint key does not change' using errcode = '23514';
  end if;
  return new;
end $$;
create trigger touchpoints_key_stable before update of key on touchpoints
  for each row execute function touchpoints_key_stable();
