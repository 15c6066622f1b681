import { latestFit, revenueAtRiskTotal } from '../forecasts/queries.js'
import type { RevenueAtRisk } from '../insights/overview.js'

/** The Forecasts capability's revenue at risk of the newest successful fit, as the insights overview shows it. */
export const insightRevenueAtRisk: RevenueAtRisk = async (db, access) => {
  const fit = await latestFit(db, access.workspaceId, true)
  if (!fit) return null
  return { fitId: fit.id, ...(await revenueAtRiskTotal(db, access, fit.id)) }
}
