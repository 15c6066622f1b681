-- Forecasts: each fit of BG/NBD, Pareto/NBD and Gamma-Gamma on a workspace's orders, kept with its
-- parameters, fit quality and holdout validation; and each customer's predictions per fit, so that the
-- history of P(alive) across fits shows whose is falling.

create table forecast_fits (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  fitted_at timestamptz not null default now(),
  status text not null check (status in ('fitted', 'failed')),
  error text,
  unit text not null,
  currency text,
  calibration_end date,
  horizon_days integer not null,
  customers integer not null default 0,
  chosen text check (chosen in ('bgnbd', 'paretoNbd')),
  bgnbd jsonb,
  pareto_nbd jsonb,
  gamma_gamma jsonb,
  clv_options jsonb not null,
  validation jsonb,
  warnings jsonb not null default '[]',
  seconds double precision not null default 0
);
create index forecast_fits_workspace on forecast_fits(workspace_id, fitted_at desc);

create table forecast_predictions (
  fit_id uuid not null references forecast_fits(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  x integer not null,
  t_x double precision not null,
  t double precision not null,
  revenue numeric(20, 4) not null,
  p_alive double precision not null,
  -- P(alive) 30 days before the calibration end, from the customer's history then: the trend within one fit.
  p_alive_before double precision,
  expected_purchases double precision not null,
  expected_spend numeric(20, 4),
  clv numeric(20, 4),
  primary key (fit_id, customer_id)
);
create index forecast_predictions_customer on forecast_predictions(workspace_id, customer_id);
