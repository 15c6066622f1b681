import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { questionIndex, type SurveyDefinition } from '../surveys/definition.js'
import type { Answers } from '../surveys/survey-path.js'

/** A completed response with its answers sorted by the type of question they answer. */
export interface CompletedResponse {
  id: string
  workspaceId: string
  surveyId: string
  customerId: string | null
  orgUnitId: string | null
  touchpoint: string
  language: string
  completedAt: Date
  nps: number[]
  csat: number[]
  ces: number[]
  /** Option ids picked on single and multiple choice questions. */
  choices: string[]
  /** Free-text answers. */
  comments: string[]
}

/**
 * The responses completed after `after` in every workspace, oldest first, their answers classified by their
 * survey version's questions (what the closed loop's rules read).
 */
export async function completedResponsesAfter(
  db: Db,
  after: Date,
  limit: number,
): Promise<CompletedResponse[]> {
  const rows = await db.query<{
    id: string
    workspaceId: string
    surveyId: string
    customerId: string | null
    orgUnitId: string | null
    touchpoint: string
    language: string
    completedAt: Date
    answers: Answers
    definition: SurveyDefinition
    surveyVersion: number
  }>(sql`select r.id, r.workspace_id as "workspaceId", r.survey_id as "surveyId", r.customer_id as "customerId",
      r.org_unit_id as "orgUnitId", r.touchpoint, r.language, r.completed_at as "completedAt", r.answers, v.definition,
      r.survey_version as "surveyVersion"
    from responses r join survey_versions v on v.survey_id = r.survey_id and v.version = r.survey_version
    where r.completed_at > ${after}
    order by r.completed_at, r.id limit ${limit}`)
  const indexes = new Map<string, ReturnType<typeof questionIndex>>()
  return rows.map(({ answers, definition, surveyVersion, ...r }) => {
    const key = `${r.surveyId}:${surveyVersion}`
    let index = indexes.get(key)
    if (!index) {
      index = questionIndex(definition)
      indexes.set(key, index)
    }
    const out: CompletedResponse = { ...r, nps: [], csat: [], ces: [], choices: [], comments: [] }
    for (const [id, value] of Object.entries(answers)) {
      const type = index.get(id)?.type
      if ((type === 'nps' || type === 'csat' || type === 'ces') && typeof value === 'number')
        out[type].push(value)
      else if (type === 'single' && typeof value === 'string') out.choices.push(value)
      else if (type === 'multiple' && Array.isArray(value)) out.choices.push(...value)
      else if (type === 'text' && typeof value === 'string' && value.trim()) out.comments.push(value)
    }
    return out
  })
}
