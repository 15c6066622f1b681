-- Loyalty diagnosis (Dick & Basu 1994): a workspace's thresholds for relative attitude (from the latest relational
-- NPS answer, else the affective-commitment mean) and repeat patronage (RFM scores). No row: the defaults.

create table diagnosis_settings (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  nps_high_min smallint not null default 9 check (nps_high_min between 1 and 10),
  nps_low_max smallint not null default 6 check (nps_low_max between 0 and 9 and nps_low_max < nps_high_min),
  commitment_high_min numeric not null default 5.5 check (commitment_high_min > 1 and commitment_high_min <= 7),
  commitment_low_max numeric not null default 4.5
    check (commitment_low_max >= 1 and commitment_low_max < commitment_high_min),
  medium_attitude text not null default 'low' check (medium_attitude in ('low', 'high')),
  patronage_f_min smallint not null default 4 check (patronage_f_min between 1 and 5),
  patronage_r_min smallint not null default 3 check (patronage_r_min between 1 and 5),
  updated_at timestamptz not null default now()
);
