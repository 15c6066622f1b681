-- Unknown consent is no consent: a customer whose e-mail or SMS consent was never stated keeps null,
-- distinct from an explicit false (refused) and from true (given).
alter table customers alter column email_opt_in drop not null;
alter table customers alter column email_opt_in drop default;
alter table customers alter column sms_opt_in drop not null;
alter table customers alter column sms_opt_in drop default;

-- A workspace may e-mail people of unknown consent only under a legitimate-interest basis it has written down.
alter table survey_delivery_settings add column email_legitimate_interest boolean not null default false;
alter table survey_delivery_settings add column legitimate_interest_basis text;

-- What each webhook source has delivered, so that a replay is acknowledged without a second import. Keys:
-- 'id:<the platform's delivery id>' and 'sha256:<hash of the signed body>' (a replayer can change the
-- unsigned delivery-id header, never the signed body).
create table webhook_deliveries (
  source_id uuid not null references webhook_sources(id) on delete cascade,
  delivery_key text not null,
  received_at timestamptz not null default now(),
  primary key (source_id, delivery_key)
);

-- An anonymous response is continued only by the page that started it: the page holds a secret and this is
-- its SHA-256. Responses from before this migration have none and can no longer be continued anonymously.
alter table responses add column continuation_hash text;
