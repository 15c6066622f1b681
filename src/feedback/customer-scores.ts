import type { UnitAccess } from '../access/unit-scope.js'
import { visibleCustomers } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { questionIndex, type SurveyDefinition } from '../surveys/definition.js'

export interface CustomerScore {
  at: Date
  kind: 'nps' | 'csat' | 'ces'
  value: number
  touchpoint: string
}

export interface AnsweredSurvey {
  at: Date
  touchpoint: string
  surveyName: string
  channel: string
}

/**
 * A visible customer's NPS, CSAT and CES answers, oldest first, from their `limit` newest completed
 * responses, and those responses newest first.
 */
export async function customerScores(
  db: Db,
  access: UnitAccess,
  customerId: string,
  limit: number,
): Promise<{ scores: CustomerScore[]; answered: AnsweredSurvey[] }> {
  const responses = await db.query<
    AnsweredSurvey & { answers: Record<string, unknown>; definition: SurveyDefinition }
  >(
    sql`select r.completed_at as at, r.touchpoint, s.name as "surveyName", r.channel, r.answers, v.definition
    from responses r join customers c on c.id = r.customer_id join surveys s on s.id = r.survey_id
    join survey_versions v on v.survey_id = r.survey_id and v.version = r.survey_version
    where ${visibleCustomers(access)} and r.workspace_id = ${access.workspaceId} and r.customer_id = ${customerId}
      and r.completed_at is not null
    order by r.completed_at desc, r.id limit ${limit}`,
  )
  const scores: CustomerScore[] = []
  for (const r of [...responses].reverse()) {
    const index = questionIndex(r.definition)
    for (const [id, value] of Object.entries(r.answers)) {
      const kind = index.get(id)?.type
      if ((kind === 'nps' || kind === 'csat' || kind === 'ces') && typeof value === 'number')
        scores.push({ at: r.at, kind, value, touchpoint: r.touchpoint })
    }
  }
  const answered = responses.map(({ at, touchpoint, surveyName, channel }) => ({
    at,
    touchpoint,
    surveyName,
    channel,
  }))
  return { scores, answered }
}
