-- The import wizard's fourth kind: a survey's response history, each run naming the survey it answers. One
-- mapping is kept for responses per workspace; it is offered again when the next file has its headers.
alter table import_runs drop constraint import_runs_kind_check;
alter table import_runs add constraint import_runs_kind_check
  check (kind in ('customers', 'orders', 'events', 'responses'));
alter table import_runs add column survey_id uuid references surveys(id) on delete cascade;
alter table import_runs add constraint import_runs_survey_check check ((kind = 'responses') = (survey_id is not null));
alter table import_mappings drop constraint import_mappings_kind_check;
alter table import_mappings add constraint import_mappings_kind_check
  check (kind in ('customers', 'orders', 'events', 'responses'));
