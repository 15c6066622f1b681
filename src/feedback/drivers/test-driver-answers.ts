import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { createOrgUnit, type OrgUnit } from '../../access/org-units.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { createSurvey } from '../../surveys/surveys.js'

// Test support only: a workspace's answers to a forces battery, a commitment battery and relational NPS, generated
// from a known model, and the dimension means as generated (the tests' independent oracle).

const t = (en: string) => ({ en })
const battery = (id: string, statements: string[]) => ({
  defaultLanguage: 'en',
  languages: ['en'],
  title: t('Battery'),
  pages: [
    {
      id: 'p',
      questions: [
        {
          id,
          type: 'battery',
          points: 7,
          text: t('Agree?'),
          statements: statements.map((s) => ({ id: s, text: t(s) })),
        },
      ],
    },
  ],
  endings: [{ id: 'thanks', title: t('Thanks') }],
})
const npsSurvey = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: t('Recommend'),
  pages: [{ id: 'p', questions: [{ id: 'recommend', type: 'nps', text: t('Recommend?') }] }],
  endings: [{ id: 'thanks', title: t('Thanks') }],
}

export interface Generated {
  customer: string
  unit: 'north' | 'south'
  forces: Record<string, number>
  commitment: Record<string, number>
  nps: number | null
}

/**
 * 90 customers in two org units (North, South) answering the batteries and relational NPS. NPS follows pleasure
 * strongly, fairness a little and clarity not at all; South is held by price and lack of choice.
 */
export async function seedDriverAnswers(
  db: Db,
  workspaceId: string,
): Promise<{ units: Record<'north' | 'south', OrgUnit>; generated: Generated[] }> {
  const generated: Generated[] = []
  const units = {
    north: await createOrgUnit(db, workspaceId, { code: 'N', name: 'North' }),
    south: await createOrgUnit(db, workspaceId, { code: 'S', name: 'South' }),
  }
  const make = (
    name: string,
    touchpoint: string,
    definition: object,
    npsKind: 'relational' | 'transactional',
  ) => createSurvey(db, workspaceId, { name, touchpoint, npsKind, definition, status: 'active' })
  const forces = await make(
    'Forces',
    'relationship',
    battery('forces', ['pleasure_1', 'clarity_1', 'clarity_2', 'fairness_1']),
    'relational',
  )
  const commitment = await make(
    'Commitment',
    'relationship',
    battery('commitment', ['affective_1', 'affective_2', 'economic_1', 'forced_1']),
    'relational',
  )
  const relational = await make('Relational', 'relationship', npsSurvey, 'relational')
  const transactional = await make('Delivery', 'delivery', npsSurvey, 'transactional')
  const rng = xoroshiro128plus(42)
  const score = () => uniformInt(rng, 1, 7)
  for (let i = 0; i < 90; i++) {
    const unit = i % 3 === 0 ? 'south' : 'north'
    const [customer] = await db.query<{
      id: string
    }>(sql`insert into customers (workspace_id, external_id, org_unit_id)
      values (${workspaceId}, ${`C-${i}`}, ${units[unit].id}) returning id`)
    const f = { pleasure_1: score(), clarity_1: score(), clarity_2: score(), fairness_1: score() }
    // South holds its customers by price and lack of choice, not attachment.
    const c =
      unit === 'south'
        ? { affective_1: 2, affective_2: 3, economic_1: 6, forced_1: 5 }
        : { affective_1: 6, affective_2: 5, economic_1: 3, forced_1: 2 }
    // NPS follows pleasure strongly, fairness a little, clarity not at all; every tenth customer never answers it.
    const nps =
      i % 10 === 9
        ? null
        : Math.min(10, Math.max(0, f.pleasure_1 + Math.round(f.fairness_1 / 3) + uniformInt(rng, 0, 2)))
    const insert = async (
      survey: { id: string; touchpoint: string; npsKind: string },
      answers: object,
      day: number,
    ) =>
      db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, language,
          channel, touchpoint, nps_kind, answers, completed_at)
        values (${workspaceId}, ${survey.id}, 1, ${`${survey.id}-${i}-${day}`}, ${customer!.id}, 'en', 'link',
          ${survey.touchpoint}, ${survey.npsKind}, ${JSON.stringify(answers)}::jsonb, ${new Date(Date.UTC(2026, 0, day))})`)
    // An older answer that the latest replaces.
    await insert(
      forces,
      { forces: { pleasure_1: 8 - f.pleasure_1, clarity_1: 1, clarity_2: 1, fairness_1: 7 } },
      1,
    )
    await insert(forces, { forces: f }, 10)
    await insert(commitment, { commitment: c }, 10)
    if (nps !== null) await insert(relational, { recommend: nps }, 12)
    // A transactional NPS is not the relational outcome.
    await insert(transactional, { recommend: 10 - (nps ?? 5) }, 20)
    generated.push({
      customer: customer!.id,
      unit,
      forces: { pleasure: f.pleasure_1, clarity: (f.clarity_1 + f.clarity_2) / 2, fairness: f.fairness_1 },
      commitment: {
        affective: (c.affective_1 + c.affective_2) / 2,
        economic: c.economic_1,
        forced: c.forced_1,
      },
      nps,
    })
  }
  return { units, generated }
}
