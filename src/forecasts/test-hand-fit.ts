import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { insertPredictions } from './queries.js'

/** A prediction written by hand: the customer's id and the figures a test works out revenue at risk from. */
export interface HandPrediction {
  customerId: string
  revenue: string
  pAlive: number
  pAliveBefore: number
  clv: string | null
}

/** Stores a fitted fit with the given predictions (one purchase each, no spend model); returns the fit's id. */
export async function insertHandFit(
  db: Db,
  workspaceId: string,
  predictions: HandPrediction[],
): Promise<string> {
  const [fit] = await db.query<{ id: string }>(sql`insert into forecast_fits
      (workspace_id, status, unit, currency, calibration_end, horizon_days, clv_options)
    values (${workspaceId}, 'fitted', 'week', 'EUR', '2024-01-01', 90, '{}') returning id`)
  const fitId = fit!.id
  await insertPredictions(
    db,
    fitId,
    workspaceId,
    predictions.map((p) => ({ ...p, x: 1, tx: 1, T: 2, expectedPurchases: 1, expectedSpend: null })),
  )
  return fitId
}
