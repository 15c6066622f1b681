import type { DiagnosedCustomer } from './diagnosis.sql.js'

// One CSV layout for the dashboard's export and the CLI: the customer, the quadrant, and what it comes from.

export const diagnosisCsvHeader = [
  'customer_id',
  'name',
  'email',
  'quadrant',
  'attitude',
  'attitude_source',
  'attitude_band',
  'nps',
  'commitment_mean',
  'patronage',
  'r',
  'f',
  'monetary',
] as const

export function diagnosisCsvRow(d: DiagnosedCustomer): unknown[] {
  return [
    d.externalId,
    d.name ?? '',
    d.email ?? '',
    d.quadrant,
    d.attitude ?? '',
    d.attitudeSource ?? '',
    d.attitudeBand ?? '',
    d.nps ?? '',
    d.commitmentMean ?? '',
    d.patronage,
    d.r ?? '',
    d.f ?? '',
    d.monetary ?? '',
  ]
}
