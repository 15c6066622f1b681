import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import {
  allQuestions,
  type Question,
  type QuestionType,
  type SurveyDefinition,
} from '../surveys/definition.js'
import { type ResponseFilter, responseWhere } from './responses.js'

// Each question's answers counted, for a survey's summary page: how many answered it (n) and how often each
// value was given. Scales list every point (a point nobody chose shows as 0), choices every option in the survey's
// order, a battery each statement; a text question only its n.

export interface ValueCount {
  value: string
  count: number
}

export interface QuestionSummary {
  questionId: string
  /** A battery's statement; null for every other question. */
  statementId: string | null
  type: QuestionType
  n: number
  values: ValueCount[]
  /** The mean of a scale's answers; null for choices, texts and unanswered scales. */
  mean: number | null
}

/** One counted value as SQL returns it: `value` null is the question's n. */
export interface CountRow {
  questionId: string
  statementId: string | null
  value: string | null
  count: number
}

/** The points of a scale question, lowest first; null when the question is not a scale. */
export function scalePoints(q: Question): number[] | null {
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
  switch (q.type) {
    case 'nps':
      return range(0, 10)
    case 'csat':
      return range(1, 5)
    case 'ces':
      return range(1, 7)
    case 'rating':
      return range(q.min, q.max)
    case 'battery':
      return range(1, q.points)
    default:
      return null
  }
}

function scaleSummary(
  questionId: string,
  statementId: string | null,
  type: QuestionType,
  points: number[],
  counts: Map<string, number>,
  n: number,
): QuestionSummary {
  const values = points.map((p) => ({ value: String(p), count: counts.get(String(p)) ?? 0 }))
  const total = values.reduce((s, v) => s + v.count, 0)
  const sum = values.reduce((s, v) => s + Number(v.value) * v.count, 0)
  return { questionId, statementId, type, n, values, mean: total === 0 ? null : sum / total }
}

/** Shapes the counted rows into one summary per question (per statement of a battery), in the survey's order. */
export function shapeSummary(definition: SurveyDefinition, rows: CountRow[]): QuestionSummary[] {
  const key = (q: string, s: string | null) => `${q}\u0000${s ?? ''}`
  const n = new Map<string, number>()
  const counts = new Map<string, Map<string, number>>()
  for (const r of rows) {
    if (r.value === null) {
      n.set(key(r.questionId, r.statementId), r.count)
      continue
    }
    const k = key(r.questionId, r.statementId)
    const m = counts.get(k) ?? new Map<string, number>()
    m.set(r.value, (m.get(r.value) ?? 0) + r.count)
    counts.set(k, m)
  }
  return allQuestions(definition).flatMap((q): QuestionSummary[] => {
    const of = (s: string | null) => counts.get(key(q.id, s)) ?? new Map<string, number>()
    if (q.type === 'battery') {
      const points = scalePoints(q)!
      return q.statements.map((s) =>
        scaleSummary(q.id, s.id, q.type, points, of(s.id), n.get(key(q.id, s.id)) ?? 0),
      )
    }
    const answered = n.get(key(q.id, null)) ?? 0
    const points = scalePoints(q)
    if (points) return [scaleSummary(q.id, null, q.type, points, of(null), answered)]
    if (q.type === 'single' || q.type === 'multiple') {
      const m = of(null)
      const values = q.options.map((o) => ({ value: o.id, count: m.get(o.id) ?? 0 }))
      return [{ questionId: q.id, statementId: null, type: q.type, n: answered, values, mean: null }]
    }
    return [{ questionId: q.id, statementId: null, type: q.type, n: answered, values: [], mean: null }]
  })
}

/**
 * Counts the answers of the matching responses (the caller's org units only): per question how many answered,
 * per value how often; a choice of several counts each option; a battery each statement. Text answers are
 * only counted, never grouped.
 */
export async function questionSummary(
  db: Db,
  access: UnitAccess,
  filter: ResponseFilter & { surveyId: string },
  definition: SurveyDefinition,
): Promise<{ responses: number; questions: QuestionSummary[] }> {
  const where = responseWhere(access, filter)
  const texts = allQuestions(definition)
    .filter((q) => q.type === 'text')
    .map((q) => q.id)
  const rows = await db.query<CountRow>(sql`
    with a as (
      select e.key as qid, e.value as v from responses r cross join lateral jsonb_each(r.answers) e where ${where}
    )
    select qid as "questionId", null::text as "statementId", null::text as value, count(*)::int as count
      from a group by qid
    union all
    select qid, null, v #>> '{}', count(*)::int from a
      where jsonb_typeof(v) in ('number', 'string', 'boolean') and not (qid = any(${texts}::text[]))
      group by qid, v #>> '{}'
    union all
    select qid, null, x, count(*)::int from a
      cross join lateral jsonb_array_elements_text(case when jsonb_typeof(v) = 'array' then v else '[]' end) x
      group by qid, x
    union all
    select qid, s.key, null, count(*)::int from a
      cross join lateral jsonb_each(case when jsonb_typeof(v) = 'object' then v else '{}' end) s
      group by qid, s.key
    union all
    select qid, s.key, s.value #>> '{}', count(*)::int from a
      cross join lateral jsonb_each(case when jsonb_typeof(v) = 'object' then v else '{}' end) s
      group by qid, s.key, s.value #>> '{}'`)
  const [total] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from responses r where ${where}`,
  )
  return { responses: total?.n ?? 0, questions: shapeSummary(definition, rows) }
}
