import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { testDrivers } from '../../db/test-db.js'
import { currentResults } from '../../segments/current-results.js'
import { createSurvey } from '../../surveys/surveys.js'
import {
  allDiagnosedCustomers,
  type DiagnosisOrder,
  getCustomerDiagnosis,
  getDiagnosisMatrix,
  listDiagnosedCustomers,
} from './diagnosis.sql.js'
import { getDiagnosisSettings, saveDiagnosisSettings } from './diagnosis-settings.js'
import { type DiagnosisSettings, defaultDiagnosisSettings, diagnose, type Quadrant } from './quadrant.js'
import { handMadeCustomers, seedHandMadeCustomers } from './test-diagnosis.js'

// The set-based SQL on hand-made customers (test-diagnosis.ts): each one's quadrant is worked out by hand from
// the published rules, and checked again against the pure rules of quadrant.ts on the same inputs.

const whole = (workspaceId: string) => ({ workspaceId, unitPath: null })

describe.each(testDrivers)('loyalty diagnosis SQL on $name', (driver) => {
  let db: Db
  let workspaceId: string
  let ids: Record<string, string>
  let units: Record<string, string>

  beforeAll(async () => {
    if (!(await driver.available())) return
    db = await driver.open()
    const org = await createOrganization(db, 'Org')
    workspaceId = (await createWorkspace(db, org.id, 'Shop')).id
    ;({ ids, units } = await seedHandMadeCustomers(db, workspaceId))
    // Another workspace with a customer of the same external id: never counted here.
    const other = (await createWorkspace(db, org.id, 'Other')).id
    await seedHandMadeCustomers(db, other)
  })
  afterAll(async () => {
    await db?.close()
  })

  async function quadrantsBy(settings: DiagnosisSettings) {
    const out: Record<string, string> = {}
    for await (const batch of allDiagnosedCustomers(
      db,
      currentResults,
      { access: whole(workspaceId) },
      settings,
      undefined,
    ))
      for (const d of batch) out[d.externalId] = d.quadrant
    return out
  }

  test('every hand-made customer lands in the quadrant worked out by hand, as the pure rules say', async (ctx) => {
    if (!db) ctx.skip()
    const got = await quadrantsBy(defaultDiagnosisSettings)
    expect(got).toEqual(Object.fromEntries(handMadeCustomers.map((h) => [h.externalId, h.expected])))
    for (const h of handMadeCustomers) {
      const scored = h.nps.filter((x): x is number => x !== null)
      const mean = h.affective ? h.affective.reduce((a, b) => a + b, 0) / h.affective.length : null
      const pure = diagnose(
        { nps: scored.at(-1) ?? null, commitmentMean: mean },
        h.rfm,
        defaultDiagnosisSettings,
      )
      expect(pure.quadrant, h.externalId).toBe(h.expected)
    }
  })

  test('the matrix counts customers and sums revenue per quadrant (hand-worked totals)', async (ctx) => {
    if (!db) ctx.skip()
    const matrix = await getDiagnosisMatrix(
      db,
      currentResults,
      { access: whole(workspaceId) },
      defaultDiagnosisSettings,
    )
    expect(matrix.asOf).toBe('2026-06-30')
    expect(matrix.cells).toEqual([
      { quadrant: 'true_loyalty', customers: 3, revenue: '850' }, // A 500 + F 250 + K 100
      { quadrant: 'latent_loyalty', customers: 1, revenue: '20' }, // C
      { quadrant: 'spurious_loyalty', customers: 2, revenue: '500' }, // B 300 + E 200
      { quadrant: 'no_loyalty', customers: 3, revenue: '160' }, // D 10 + G 0 + J 150
      { quadrant: 'unknown', customers: 3, revenue: '900' }, // H 900 + I 0 + L 0
    ])
  })

  test('an org unit narrows the matrix to its subtree; a unit-limited caller sees only theirs', async (ctx) => {
    if (!db) ctx.skip()
    const north = await getDiagnosisMatrix(
      db,
      currentResults,
      { access: whole(workspaceId), orgUnitId: units.north! },
      defaultDiagnosisSettings,
    )
    expect(north.cells.map((c) => c.customers)).toEqual([2, 1, 2, 3, 2]) // K (south) and L (no unit) left out
    const company = await getDiagnosisMatrix(
      db,
      currentResults,
      { access: whole(workspaceId), orgUnitId: units.company! },
      defaultDiagnosisSettings,
    )
    expect(company.cells.map((c) => c.customers)).toEqual([3, 1, 2, 3, 2]) // only L, without a unit, left out
    const [path] = await db.query<{ path: string }>(sql`select path from org_units where id = ${units.south}`)
    const southOnly = await listDiagnosedCustomers(
      db,
      currentResults,
      { access: { workspaceId, unitPath: path!.path } },
      defaultDiagnosisSettings,
      undefined,
      { limit: 50, offset: 0 },
    )
    expect(southOnly.items.map((d) => d.externalId)).toEqual(['K'])
  })

  test('the medium band follows the setting: a frequent passive becomes true loyalty when medium counts high', async (ctx) => {
    if (!db) ctx.skip()
    const generous = { ...defaultDiagnosisSettings, mediumAttitude: 'high' as const }
    expect((await quadrantsBy(generous)).E).toBe('true_loyalty')
  })

  test('the patronage and NPS thresholds are applied from the settings', async (ctx) => {
    if (!db) ctx.skip()
    // R ≥ 2: Jana (R2 F5, NPS 4) now buys often enough: spurious.
    expect((await quadrantsBy({ ...defaultDiagnosisSettings, patronageRMin: 2 })).J).toBe('spurious_loyalty')
    // Low up to 4 only: Dmytro's 5 is medium, still low by default; with high from 5, Dmytro is latent.
    const moved = { ...defaultDiagnosisSettings, npsHighMin: 5, npsLowMax: 4 }
    expect((await quadrantsBy(moved)).D).toBe('latent_loyalty')
    // Commitment high only from 6.5: Fjodors' 6.33 is medium → low → spurious (he buys often).
    expect((await quadrantsBy({ ...defaultDiagnosisSettings, commitmentHighMin: 6.5 })).F).toBe(
      'spurious_loyalty',
    )
  })

  test('one customer: the figures the quadrant comes from; a silent customer is unknown; another workspace’s is not found', async (ctx) => {
    if (!db) ctx.skip()
    const settings = await getDiagnosisSettings(db, workspaceId)
    expect(
      await getCustomerDiagnosis(db, currentResults, whole(workspaceId), ids.A!, settings),
    ).toMatchObject({
      externalId: 'A',
      quadrant: 'true_loyalty',
      attitudeSource: 'nps',
      attitudeBand: 'high',
      attitude: 'high',
      patronage: 'high',
      nps: 10,
      commitmentMean: null,
      r: 5,
      f: 5,
      monetary: '500',
      asOf: '2026-06-30',
    })
    expect(
      await getCustomerDiagnosis(db, currentResults, whole(workspaceId), ids.F!, settings),
    ).toMatchObject({
      quadrant: 'true_loyalty',
      attitudeSource: 'commitment',
      commitmentMean: '6.3333',
      nps: null,
    })
    expect(
      await getCustomerDiagnosis(db, currentResults, whole(workspaceId), ids.I!, settings),
    ).toMatchObject({
      quadrant: 'unknown',
      attitude: null,
      attitudeSource: null,
      patronage: 'low',
      r: null,
      asOf: null,
    })
    const elsewhere = await createWorkspace(db, (await createOrganization(db, 'X')).id, 'X')
    expect(
      await getCustomerDiagnosis(db, currentResults, whole(elsewhere.id), ids.A!, settings),
    ).toBeUndefined()
  })

  test('a battery on another scale is rescaled to 1–7; a battery answer without affective statements is not heard', async (ctx) => {
    if (!db) ctx.skip()
    const org = await createOrganization(db, 'Five points')
    const ws = (await createWorkspace(db, org.id, 'Five')).id
    const text = (en: string) => ({ en })
    const survey = await createSurvey(db, ws, {
      name: 'Five-point commitment',
      touchpoint: 'relationship',
      npsKind: 'relational',
      status: 'active',
      definition: {
        defaultLanguage: 'en',
        languages: ['en'],
        title: text('Us'),
        pages: [
          {
            id: 'p',
            questions: [
              {
                id: 'bond',
                type: 'battery',
                points: 5,
                required: false,
                text: text('Agree?'),
                statements: ['affective_1', 'affective_2', 'forced_1'].map((id) => ({ id, text: text(id) })),
              },
            ],
          },
        ],
        endings: [{ id: 'end', title: text('Thanks') }],
      },
    })
    // By hand: 5 and 4 on 1–5 are 1 + 4·6/4 = 7 and 1 + 3·6/4 = 5.5 on 1–7, mean 6.25 ≥ 5.5: high.
    const answers = { rescaled: { affective_1: 5, affective_2: 4, forced_1: 1 }, forcedOnly: { forced_1: 5 } }
    const ids: Record<string, string> = {}
    for (const [name, bond] of Object.entries(answers)) {
      const [row] = await db.query<{ id: string }>(
        sql`insert into customers (workspace_id, external_id) values (${ws}, ${name}) returning id`,
      )
      ids[name] = row!.id
      await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id,
          language, channel, touchpoint, nps_kind, answers, completed_at)
        values (${ws}, ${survey.id}, 1, ${name}, ${row!.id}, 'en', 'link', 'relationship', 'relational',
          ${JSON.stringify({ bond })}::jsonb, now())`)
    }
    const rescaled = await getCustomerDiagnosis(
      db,
      currentResults,
      whole(ws),
      ids.rescaled!,
      defaultDiagnosisSettings,
    )
    expect(rescaled).toMatchObject({ attitudeSource: 'commitment', commitmentMean: '6.25', attitude: 'high' })
    expect(rescaled?.quadrant).toBe('latent_loyalty') // no purchases analysed
    const forcedOnly = await getCustomerDiagnosis(
      db,
      currentResults,
      whole(ws),
      ids.forcedOnly!,
      defaultDiagnosisSettings,
    )
    expect(forcedOnly?.quadrant).toBe('unknown')
  })

  test('a quadrant lists its customers by revenue, largest first, with the total', async (ctx) => {
    if (!db) ctx.skip()
    const page = await listDiagnosedCustomers(
      db,
      currentResults,
      { access: whole(workspaceId) },
      defaultDiagnosisSettings,
      'no_loyalty',
      { limit: 2, offset: 0 },
    )
    expect(page.total).toBe(3)
    expect(page.items.map((d) => d.externalId)).toEqual(['J', 'D'])
  })

  test('the customers sort by a column both ways, ties by external id in the same direction', async (ctx) => {
    if (!db) ctx.skip()
    const order = async (quadrant: Quadrant | undefined, sort: DiagnosisOrder) => {
      const scope = { access: whole(workspaceId) }
      const page = await listDiagnosedCustomers(
        db,
        currentResults,
        scope,
        defaultDiagnosisSettings,
        quadrant,
        {
          ...sort,
          limit: 50,
          offset: 0,
        },
      )
      return page.items.map((d) => d.externalId)
    }
    // True loyalty: A R5 F5 500, F R3 F5 250, K R5 F5 100 (A and K tie on R F).
    expect(await order('true_loyalty', { sort: 'rf', dir: 'asc' })).toEqual(['F', 'A', 'K'])
    expect(await order('true_loyalty', { sort: 'rf', dir: 'desc' })).toEqual(['K', 'A', 'F'])
    expect(await order('true_loyalty', { sort: 'revenue', dir: 'asc' })).toEqual(['K', 'F', 'A'])
    // Quadrants in their declared order, the never heard (H, I, L) last.
    expect(await order(undefined, { sort: 'quadrant' })).toEqual([
      'A',
      'F',
      'K',
      'C',
      'B',
      'E',
      'D',
      'G',
      'J',
      'H',
      'I',
      'L',
    ])
    // Attitude: low (B 2, D 5, G 3.0 commitment, J 4), low from the medium band (E 8), high (A, C, F, K), none.
    expect(await order(undefined, { sort: 'attitude' })).toEqual([
      'B',
      'D',
      'G',
      'J',
      'E',
      'A',
      'C',
      'F',
      'K',
      'H',
      'I',
      'L',
    ])
    expect(await order(undefined, { sort: 'attitude', dir: 'desc' })).toEqual([
      'K',
      'F',
      'C',
      'A',
      'E',
      'J',
      'G',
      'D',
      'B',
      'L',
      'I',
      'H',
    ])
    const csvOrder: string[] = []
    for await (const batch of allDiagnosedCustomers(
      db,
      currentResults,
      { access: whole(workspaceId) },
      defaultDiagnosisSettings,
      'true_loyalty',
      { sort: 'rf', dir: 'desc' },
    ))
      csvOrder.push(...batch.map((d) => d.externalId))
    expect(csvOrder).toEqual(['K', 'A', 'F'])
  })

  test('settings are stored per workspace and read back', async (ctx) => {
    if (!db) ctx.skip()
    const saved = await saveDiagnosisSettings(db, workspaceId, {
      ...defaultDiagnosisSettings,
      commitmentHighMin: 6.25,
      mediumAttitude: 'high',
    })
    expect(saved).toEqual({ ...defaultDiagnosisSettings, commitmentHighMin: 6.25, mediumAttitude: 'high' })
    expect(await getDiagnosisSettings(db, workspaceId)).toEqual(saved)
    await saveDiagnosisSettings(db, workspaceId, defaultDiagnosisSettings)
  })
})
