import type { ContextTouchpoint, ReadCustomerContext } from '../cases/case-context.js'
import { getTimeline } from '../customers/queries.js'
import { customerScores } from '../feedback/customer-scores.js'
import { customerForecasts, latestFit } from '../forecasts/queries.js'
import { getCustomerSegment } from '../segments/queries.js'

// The case page's customer context, read from the feedback, segments, forecasts and customers capabilities.

const recent = 50

/** A visible customer's scores over time, segment, CLV of the newest fit and last touchpoints. */
export const readCustomerContext: ReadCustomerContext = async (db, access, customerId) => {
  const { scores, answered } = await customerScores(db, access, customerId, recent)
  const touchpoints: ContextTouchpoint[] = answered.map((r) => ({
    at: r.at,
    source: 'response',
    touchpoint: r.touchpoint,
    label: r.surveyName,
    channel: r.channel,
  }))
  // The case was visible, and so its customer; the timeline itself is not unit scoped.
  for (const item of await getTimeline(db, access.workspaceId, customerId, 10))
    if (item.kind === 'event')
      touchpoints.push({
        at: item.at,
        source: 'event',
        touchpoint: item.touchpoint,
        label: item.type,
        channel: item.channel,
      })
  touchpoints.sort((a, b) => b.at.getTime() - a.at.getTime())
  const segment = await getCustomerSegment(db, access, customerId)
  const fit = await latestFit(db, access.workspaceId, true)
  const forecast = fit
    ? (await customerForecasts(db, access, customerId)).find((f) => f.fitId === fit.id)
    : undefined
  return {
    scores,
    segment: segment
      ? {
          segment: segment.segment,
          abc: segment.abc,
          xyz: segment.xyz,
          habitBroken: segment.habitBroken,
          asOf: segment.asOf,
        }
      : null,
    clv: forecast ? { clv: forecast.clv, pAlive: forecast.pAlive, fittedAt: forecast.fittedAt } : null,
    touchpoints: touchpoints.slice(0, 10),
  }
}
