-- Revenue at risk of a fit for the whole workspace (the insights overview's headline), stored once computed instead
-- of summed over a million predictions per request. Exact: every write to a workspace's fits or predictions bumps
-- its version, and a stored total counts only while its version is the workspace's current one (it is computed and
-- stored in one statement, so from the snapshot that read that version).
create table forecast_prediction_versions (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  version bigint not null
);

create table forecast_at_risk_totals (
  fit_id uuid primary key references forecast_fits(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  version bigint not null,
  customers integer not null,
  amount numeric not null
);

-- The trigger function runs the statement itself: its transition tables are visible to its own statements only.
create function forecast_versions_on_write() returns trigger language plpgsql as $$
begin
  execute format('insert into forecast_prediction_versions as v (workspace_id, version)
    select distinct workspace_id, 1 from %I s where exists (select 1 from workspaces w where w.id = s.workspace_id)
    order by workspace_id
    on conflict (workspace_id) do update set version = v.version + 1',
    case when tg_op = 'DELETE' then 'forecast_old_rows' else 'forecast_new_rows' end);
  return null;
end $$;

create trigger forecast_predictions_version_insert after insert on forecast_predictions
  referencing new table as forecast_new_rows for each statement execute function forecast_versions_on_write();
create trigger forecast_predictions_version_update after update on forecast_predictions
  referencing new table as forecast_new_rows for each statement execute function forecast_versions_on_write();
create trigger forecast_predictions_version_delete after delete on forecast_predictions
  referencing old table as forecast_old_rows for each statement execute function forecast_versions_on_write();
create trigger forecast_fits_version_insert after insert on forecast_fits
  referencing new table as forecast_new_rows for each statement execute function forecast_versions_on_write();
create trigger forecast_fits_version_update after update on forecast_fits
  referencing new table as forecast_new_rows for each statement execute function forecast_versions_on_write();
create trigger forecast_fits_version_delete after delete on forecast_fits
  referencing old table as forecast_old_rows for each statement execute function forecast_versions_on_write();
