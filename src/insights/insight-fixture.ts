import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { createSurvey } from '../surveys/surveys.js'

// Test support: a survey that asks every metric, and responses written with known answers and times.

const text = (en: string) => ({ en })

export const everyMetricDefinition = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: text('Your visit'),
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'nps', text: text('Recommend?') },
        { id: 'csat', type: 'csat', text: text('Satisfied?'), required: false },
        { id: 'ces', type: 'ces', text: text('Easy?'), required: false },
        { id: 'speed', type: 'rating', min: 1, max: 5, text: text('Speed?'), required: false },
        {
          id: 'forces',
          type: 'battery',
          points: 7,
          required: false,
          text: text('Agree?'),
          statements: [{ id: 'trust', text: text('I trust them') }],
        },
        { id: 'comment', type: 'text', text: text('Why?'), required: false },
      ],
    },
  ],
  endings: [{ id: 'thanks', title: text('Thanks') }],
  // Two weighted questions: csat on 1–5 (weight 3) and speed on 1–5 (weight 1).
  scoring: { index: 'loyalty', weights: { csat: 3, speed: 1 } },
}

export async function insightWorkspace(db: Db) {
  const org = await createOrganization(db, 'Org')
  const workspaceId = (await createWorkspace(db, org.id, 'Shop')).id
  return { workspaceId }
}

export async function createTestSurvey(
  db: Db,
  workspaceId: string,
  touchpoint: string,
  npsKind: 'relational' | 'transactional' = 'transactional',
) {
  const survey = await createSurvey(db, workspaceId, {
    name: `${touchpoint} survey`,
    touchpoint,
    npsKind,
    definition: everyMetricDefinition,
    status: 'active',
  })
  return { id: survey.id, touchpoint, npsKind }
}

export interface TestAnswer {
  answers: Record<string, unknown>
  at: string
  completed?: boolean
  channel?: 'link' | 'email' | 'widget' | 'conversation'
  language?: string
  orgUnitId?: string | null
  customerId?: string | null
}

let counter = 0

/** Writes responses as they are stored, with their answered time. */
export async function writeResponses(
  db: Db,
  workspaceId: string,
  survey: { id: string; touchpoint: string; npsKind: string },
  answers: TestAnswer[],
): Promise<void> {
  for (const a of answers) {
    counter += 1
    const completed = a.completed ?? true
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, org_unit_id,
        customer_id, language, channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      values (${workspaceId}, ${survey.id}, 1, ${`test-${counter}`}, ${a.orgUnitId ?? null},
        ${a.customerId ?? null}, ${a.language ?? 'en'},
        ${a.channel ?? 'link'}, ${survey.touchpoint}, ${survey.npsKind}, ${JSON.stringify(a.answers)}::jsonb,
        ${a.at}::timestamptz, ${a.at}::timestamptz, ${completed ? sql`${a.at}::timestamptz` : null})`)
  }
}

/** n answers of one NPS score at one time. */
export function npsAnswers(
  score: number,
  count: number,
  at: string,
  extra: Partial<TestAnswer> = {},
): TestAnswer[] {
  return Array.from({ length: count }, () => ({ answers: { nps: score }, at, ...extra }))
}

/** A small deterministic generator (mulberry32), so that a failing random test can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
