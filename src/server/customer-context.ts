import { visibleCustomers } from '../access/unit-scope.js'
import type { ContextScore, ContextTouchpoint, ReadCustomerContext } from '../cases/case-context.js'
import { getTimeline } from '../customers/queries.js'
import { sql } from '../db/sql.js'
import { customerForecasts, latestFit } from '../forecasts/queries.js'
import { getCustomerSegment } from '../segments/queries.js'
import { questionIndex, type SurveyDefinition } from '../surveys/definition.js'

// The case page's customer context, read from the feedback, segments, forecasts and customers capabilities.

const recent = 50

/** A visible customer's scores over time, segment, CLV of the newest fit and last touchpoints. */
export const readCustomerContext: ReadCustomerContext = async (db, access, customerId) => {
  const responses = await db.query<{
    at: Date
    touchpoint: string
    surveyName: string
    channel: string
    answers: Record<string, unknown>
    definition: SurveyDefinition
  }>(sql`select r.completed_at as at, r.touchpoint, s.name as "surveyName", r.channel, r.answers, v.definition
    from responses r join customers c on c.id = r.customer_id join surveys s on s.id = r.survey_id
    join survey_versions v on v.survey_id = r.survey_id and v.version = r.survey_version
    where ${visibleCustomers(access)} and r.workspace_id = ${access.workspaceId} and r.customer_id = ${customerId}
      and r.completed_at is not null
    order by r.completed_at desc, r.id limit ${recent}`)
  const scores: ContextScore[] = []
  for (const r of [...responses].reverse()) {
    const index = questionIndex(r.definition)
    for (const [id, value] of Object.entries(r.answers)) {
      const kind = index.get(id)?.type
      if ((kind === 'nps' || kind === 'csat' || kind === 'ces') && typeof value === 'number')
        scores.push({ at: r.at, kind, value, touchpoint: r.touchpoint })
    }
  }
  const touchpoints: ContextTouchpoint[] = responses.map((r) => ({
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
