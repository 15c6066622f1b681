import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { listValuableNeverThanked } from './acts.js'
import { getEngagement, listEngaged } from './engagement.js'
import { seedMembers } from './test-members.js'

const now = new Date('2026-03-12T09:00:00Z')

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`engagement score on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let access: { workspaceId: string; unitPath: null }
    let survey: string
    let n = 0
    const ids: Record<string, string> = {}

    async function act(customerId: string, kind: string, occurredAt = '2026-02-01T10:00:00Z') {
      await db.query(sql`insert into loyalty_acts (workspace_id, customer_id, kind, source_id, occurred_at, recorded_at)
        values (${ws}, ${customerId}, ${kind}, ${`s-${n++}`}, ${occurredAt}, ${occurredAt})`)
    }
    async function response(customerId: string, completedAt: string) {
      await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id,
          language, channel, touchpoint, nps_kind, completed_at)
        values (${ws}, ${survey}, 1, ${`cl-${n++}`}, ${customerId}, 'en', 'link', 'checkout', 'transactional',
          ${completedAt})`)
    }

    beforeAll(async () => {
      db = await driver.open()
      ws = (await seedMembers(db, 0)).workspaceId
      access = { workspaceId: ws, unitPath: null }
      const [s] = await db.query<{
        id: string
      }>(sql`insert into surveys (workspace_id, name, touchpoint, slug)
        values (${ws}, 'After checkout', 'checkout', ${`s-${Date.now()}-${driver.name}`}) returning id`)
      survey = s?.id ?? ''
      for (const name of ['helper', 'answerer', 'quiet']) {
        const [c] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
          values (${ws}, ${name}) returning id`)
        ids[name] = c?.id ?? ''
      }
      const [gen] = await db.query<{ g: string }>(sql`select nextval('segment_generation')::text as g`)
      await db.query(sql`insert into segment_generations (workspace_id, generation, as_of, customers)
        values (${ws}, ${gen?.g}::bigint, '2026-03-11', 2)`)
      for (const [name, cv, broken] of [
        ['helper', 0.3, false],
        ['answerer', 0.8, false],
      ] as const)
        await db.query(sql`insert into segment_results (workspace_id, generation, customer_id, as_of, first_purchase,
            last_purchase, recency_days, frequency, monetary, r, f, m, segment, abc, median_interval_days,
            interval_cv, next_due, habit_broken, purchase_months)
          values (${ws}, ${gen?.g}::bigint, ${ids[name]}, '2026-03-11', '2025-09-01', '2026-03-01', 10, 5,
            100, 4, 4, 4, 'loyal', 'A', 30, ${cv}, '2026-03-31', ${broken}, '{}')`)
      // helper: referral 10 + community help 8 + review 6 = 24 in the year; one referral 2 years ago does not count.
      await act(ids.helper!, 'referral')
      await act(ids.helper!, 'community_help')
      await act(ids.helper!, 'review')
      await act(ids.helper!, 'referral', '2024-01-01T00:00:00Z')
      // answerer: 4 answers in the year (40, capped at 30), 1 older; 5 referrals (50, capped at 40).
      for (const at of ['2025-04-01', '2025-08-01', '2025-12-01', '2026-03-01', '2024-12-01'])
        await response(ids.answerer!, `${at}T10:00:00Z`)
      for (let i = 0; i < 5; i++) await act(ids.answerer!, 'referral')
    })
    afterAll(async () => {
      await db.close()
    })

    test('the score is the sum of its capped parts, each explained', async () => {
      expect(await getEngagement(db, access, ids.helper!, now)).toEqual({
        customerId: ids.helper,
        score: 24 + 0 + 30,
        parts: {
          acts: { points: 24, count: 3, byKind: { referral: 1, community_help: 1, review: 1 } },
          feedback: { points: 0, responses: 0 },
          habit: { points: 30, state: 'steady' },
        },
      })
      expect(await getEngagement(db, access, ids.answerer!, now)).toMatchObject({
        score: 40 + 30 + 15,
        parts: {
          acts: { points: 40, count: 5 },
          feedback: { points: 30, responses: 4 },
          habit: { points: 15, state: 'irregular' },
        },
      })
      expect(await getEngagement(db, access, ids.quiet!, now)).toMatchObject({
        score: 0,
        parts: { habit: { state: 'none' } },
      })
      expect(await getEngagement(db, access, 'not-a-uuid', now)).toBeUndefined()
    })

    test('the audience filter lists those at or above a score, highest first, agreeing with the single score', async () => {
      const engaged = await listEngaged(db, access, { minScore: 50, limit: 10, offset: 0 }, now)
      expect(engaged.map((e) => [e.customerId, e.score])).toEqual([
        [ids.answerer, 85],
        [ids.helper, 54],
      ])
      const all = await listEngaged(db, access, { minScore: 0, limit: 10, offset: 0 }, now)
      expect(all.map((e) => e.customerId)).toEqual([ids.answerer, ids.helper, ids.quiet])
    })

    test('valuable customers never thanked: class A without any thanked act; thanking one removes them', async () => {
      const before = await listValuableNeverThanked(db, access, { limit: 10, offset: 0 })
      expect(before.map((c) => c.customerId).sort()).toEqual([ids.helper, ids.answerer].sort())
      expect(before.find((c) => c.customerId === ids.helper)?.actsWaiting).toBe(4)
      await db.query(sql`update loyalty_acts set thanked_at = ${now}, thanked_by = 'Ola', thank_message = 'Thanks'
        where customer_id = ${ids.helper} and kind = 'review'`)
      const after = await listValuableNeverThanked(db, access, { limit: 10, offset: 0 })
      expect(after.map((c) => c.customerId)).toEqual([ids.answerer])
    })
  })
}
