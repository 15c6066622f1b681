-- Unknown consent is no consent: a customer whose e-mail or SMS consent was never stated keeps null,
-- distinct from an explicit false (refused) and from true (given).
alter table customers alter column email_opt_in drop not null;
alter table customers alter column email_opt_in drop default;
alter table customers alter column sms_opt_in drop not null;
alter table customers alter column sms_opt_in drop default;

-- A workspace may e-mail people of unknown consent only under a legitimate-interest basis it has written down.
alter table survey_delivery_settings add column email_legitimate_interest boolean not null default false;
alter table survey_delivery_settings add column legitimate_interest_basis text;
