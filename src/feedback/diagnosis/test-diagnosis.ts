import { createOrgUnit } from '../../access/org-units.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { commitmentTemplate } from '../../surveys/templates/battery-templates.js'
import { relationalNps, transactionalNps } from '../../surveys/templates/nps-templates.js'
import { templateSurvey } from '../../surveys/test-survey.js'
import type { Quadrant } from './quadrant.js'

// Test support: hand-made customers, each with what they said (relational NPS, commitment, a transactional NPS
// that must not count) and what they did (current RFM scores, written as a recomputation writes them), and the
// quadrant each one is in under the default thresholds, worked out by hand from the published rules.

export interface HandMadeCustomer {
  externalId: string
  name: string
  unit: 'north' | 'south' | null
  /** Relational NPS answers in time order (the last one counts); null: a response without the score. */
  nps: (number | null)[]
  /** The affective statements of one commitment battery answer (1–7). */
  affective?: number[]
  /** A later transactional NPS answer, which the diagnosis must ignore. */
  transactionalNps?: number
  rfm: { r: number; f: number; monetary: string } | null
  /** Under the default thresholds, by hand. */
  expected: Quadrant
}

export const handMadeCustomers: HandMadeCustomer[] = [
  // The latest answer counts: 3 then 10 is a promoter; F5 R5 buys often.
  {
    externalId: 'A',
    name: 'Anna True',
    unit: 'north',
    nps: [3, 10],
    rfm: { r: 5, f: 5, monetary: '500' },
    expected: 'true_loyalty',
  },
  // A detractor who buys often; a later transactional 10 about one delivery changes nothing.
  {
    externalId: 'B',
    name: 'Boris Spurious',
    unit: 'north',
    nps: [2],
    transactionalNps: 10,
    rfm: { r: 4, f: 4, monetary: '300' },
    expected: 'spurious_loyalty',
  },
  // A promoter who bought once: latent loyalty, an opportunity.
  {
    externalId: 'C',
    name: 'Cecilia Latent',
    unit: 'north',
    nps: [9],
    rfm: { r: 5, f: 1, monetary: '20' },
    expected: 'latent_loyalty',
  },
  {
    externalId: 'D',
    name: 'Dmytro None',
    unit: 'north',
    nps: [5],
    rfm: { r: 1, f: 1, monetary: '10' },
    expected: 'no_loyalty',
  },
  // A passive (8) who buys often: medium attitude, low by default, so spurious.
  {
    externalId: 'E',
    name: 'Ewa Passive',
    unit: 'north',
    nps: [8],
    rfm: { r: 3, f: 4, monetary: '200' },
    expected: 'spurious_loyalty',
  },
  // No NPS: the affective mean (6 + 6 + 7) / 3 = 6.33 ≥ 5.5 is high; F5 R3 buys often.
  {
    externalId: 'F',
    name: 'Fjodors Committed',
    unit: 'north',
    nps: [],
    affective: [6, 6, 7],
    rfm: { r: 3, f: 5, monetary: '250' },
    expected: 'true_loyalty',
  },
  // No NPS: the affective mean 3 ≤ 4.5 is low; no purchase analysed, so low patronage.
  {
    externalId: 'G',
    name: 'Grażyna Cold',
    unit: 'north',
    nps: [],
    affective: [2, 3, 4],
    rfm: null,
    expected: 'no_loyalty',
  },
  // Never heard from, however much they buy.
  {
    externalId: 'H',
    name: 'Hanna Silent',
    unit: 'north',
    nps: [],
    rfm: { r: 5, f: 5, monetary: '900' },
    expected: 'unknown',
  },
  { externalId: 'I', name: 'Ivars Nobody', unit: 'north', nps: [], rfm: null, expected: 'unknown' },
  // NPS 4 wins over a glowing commitment answer; F5 but R2 (lapsed) is low patronage.
  {
    externalId: 'J',
    name: 'Jana Lapsed',
    unit: 'north',
    nps: [4],
    affective: [7, 7, 7],
    rfm: { r: 2, f: 5, monetary: '150' },
    expected: 'no_loyalty',
  },
  {
    externalId: 'K',
    name: 'Kostiantyn South',
    unit: 'south',
    nps: [10],
    rfm: { r: 5, f: 5, monetary: '100' },
    expected: 'true_loyalty',
  },
  // Answered the relational survey but skipped the score: not heard from on attitude.
  { externalId: 'L', name: 'Liene Skipped', unit: null, nps: [null], rfm: null, expected: 'unknown' },
]

let counter = 0

/** Seeds the hand-made customers into a workspace; returns their ids by external id and the org units. */
export async function seedHandMadeCustomers(db: Db, workspaceId: string) {
  const company = await createOrgUnit(db, workspaceId, {
    code: 'dx-company',
    name: 'Company',
    kind: 'company',
  })
  const north = await createOrgUnit(db, workspaceId, {
    code: 'dx-north',
    name: 'North',
    parentCode: 'dx-company',
  })
  const south = await createOrgUnit(db, workspaceId, {
    code: 'dx-south',
    name: 'South',
    parentCode: 'dx-company',
  })
  const units = { north: north.id, south: south.id }
  const surveys = {
    relational: await templateSurvey(db, workspaceId, relationalNps),
    commitment: await templateSurvey(db, workspaceId, commitmentTemplate),
    transactional: await templateSurvey(db, workspaceId, transactionalNps),
  }
  const respond = async (
    s: { id: string; touchpoint: string; npsKind: string },
    customerId: string,
    answers: unknown,
    at: string,
  ) => {
    counter += 1
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id,
        language, channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      values (${workspaceId}, ${s.id}, 1, ${`dx-${counter}`}, ${customerId}, 'en', 'email', ${s.touchpoint},
        ${s.npsKind}, ${JSON.stringify(answers)}::jsonb, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz)`)
  }

  const [generation] = await db.query<{ g: string }>(sql`select nextval('segment_generation')::text as g`)
  const ids: Record<string, string> = {}
  for (const h of handMadeCustomers) {
    const [row] = await db.query<{
      id: string
    }>(sql`insert into customers (workspace_id, external_id, name, email,
        org_unit_id) values (${workspaceId}, ${h.externalId}, ${h.name}, ${`${h.externalId.toLowerCase()}@example.com`},
        ${h.unit ? units[h.unit] : null}) returning id`)
    const id = row!.id
    ids[h.externalId] = id
    for (const [i, score] of h.nps.entries())
      await respond(
        surveys.relational,
        id,
        score === null ? { reason: 'no score' } : { nps: score },
        `2026-0${i + 1}-10T10:00:00Z`,
      )
    if (h.affective) {
      const commitment = Object.fromEntries(h.affective.map((x, i) => [`affective_${i + 1}`, x]))
      // Other commitments disagree on purpose: only the affective statements make the attitude.
      await respond(
        surveys.commitment,
        id,
        { commitment: { ...commitment, forced_1: 1, habitual_1: 7 } },
        '2026-02-01T10:00:00Z',
      )
    }
    if (h.transactionalNps !== undefined)
      await respond(surveys.transactional, id, { nps: h.transactionalNps }, '2026-05-01T10:00:00Z')
    if (h.rfm) {
      const { r, f, monetary } = h.rfm
      await db.query(sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase,
          last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, purchase_months)
        values (${workspaceId}, ${generation!.g}::bigint, ${id}, '2026-06-30', '2025-01-01', '2026-06-01', 29, ${f},
          ${monetary}::numeric, ${r}, ${f}, 3, 'loyal', 'B', '{}')`)
      // A stale generation that says the opposite: only the current results may count.
      await db.query(sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase,
          last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, purchase_months)
        values (${workspaceId}, ${generation!.g}::bigint - 1000, ${id}, '2025-06-30', '2025-01-01', '2025-06-01', 29,
          ${6 - f}, 1, ${6 - r}, ${6 - f}, 3, 'loyal', 'B', '{}')`)
    }
  }
  await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
    values (${workspaceId}, ${generation!.g}::bigint, '2026-06-30', ${handMadeCustomers.filter((h) => h.rfm).length})`)
  return { ids, units: { company: company.id, ...units } }
}
