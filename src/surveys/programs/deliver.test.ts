import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOrgUnit } from '../../access/org-units.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { testDrivers } from '../../db/test-db.js'
import { surveySegments } from '../../server/survey-segments.js'
import { saveDeliverySettings } from '../fatigue/delivery-settings.js'
import { deliver } from './deliver.js'
import { expireInvitations } from './expire-invitations.js'
import { newProgramSchema } from './program.js'
import { createProgram } from './programs.sql.js'
import { scanEvents } from './scan-events.js'
import { deliveryWorkspace } from './test-delivery.js'

// A program's delivery step: audience (attributes, org unit), quiet hours in the customer's zone, and
// the trigger scan that finds new events but ignores history.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`program delivery on ${driver.name}`, () => {
    let db: Db
    let ws: Awaited<ReturnType<typeof deliveryWorkspace>>
    let eastUnit: string
    const payload = (programId: string, customer: string) => ({
      programId,
      workspaceId: ws.workspaceId,
      customerId: ws.customerIds[customer]!,
      eventId: crypto.randomUUID(),
    })
    const program = async (fields: Record<string, unknown>) =>
      (
        await createProgram(
          db,
          ws.workspaceId,
          newProgramSchema.parse({
            name: 'p',
            surveyId: ws.surveyId,
            channel: 'email',
            triggerEvent: 'order_delivered',
            ...fields,
          }),
        )
      ).id

    beforeAll(async () => {
      db = await driver.open()
      ws = await deliveryWorkspace(db, [
        { externalId: 'GOLD_KYIV', name: 'a', attributes: { tier: 'gold' } },
        { externalId: 'GOLD_LVIV', name: 'b', attributes: { tier: 'gold' } },
        { externalId: 'SILVER_KYIV', name: 'c', attributes: { tier: 'silver' } },
        { externalId: 'TOKYO', name: 'd', attributes: { timezone: 'Asia/Tokyo' } },
        { externalId: 'LOCAL', name: 'e' },
      ])
      const east = await createOrgUnit(db, ws.workspaceId, { code: 'east', name: 'East' })
      const kyiv = await createOrgUnit(db, ws.workspaceId, { code: 'kyiv', name: 'Kyiv', parentCode: 'east' })
      const lviv = await createOrgUnit(db, ws.workspaceId, { code: 'lviv', name: 'Lviv' })
      for (const [customer, unit] of [
        ['GOLD_KYIV', kyiv.id],
        ['SILVER_KYIV', kyiv.id],
        ['GOLD_LVIV', lviv.id],
      ] as const)
        await db.query(sql`update customers set org_unit_id = ${unit} where id = ${ws.customerIds[customer]}`)
      eastUnit = east.id
    })
    afterAll(async () => {
      await db?.close()
    })

    test('only customers with every audience attribute in the org unit or below are eligible', async () => {
      const id = await program({
        respectQuietHours: false,
        audience: { attributes: { tier: 'gold' }, orgUnitId: eastUnit },
      })
      const results = []
      for (const c of ['GOLD_KYIV', 'GOLD_LVIV', 'SILVER_KYIV'])
        results.push(await deliver(db, payload(id, c), { dedupeKey: null, segments: surveySegments }))
      expect(results).toEqual(['invited', 'not_in_audience', 'not_in_audience'])
      const [{ n }] = (await db.query<{ n: number }>(
        sql`select count(*)::int as n from invitations where program_id = ${id}`,
      )) as [{ n: number }]
      expect(n).toBe(1)
    })

    test('in quiet hours the delivery moves to their end, in the customer own time zone', async () => {
      // Quiet from now (UTC) for two hours: a UTC customer waits; one in Tokyo (UTC+9) does not.
      // Today, not a fixed date: the invitation made here must not expire under a later test of this file.
      const today = new Date().toISOString().slice(0, 10)
      const now = new Date(`${today}T09:20:00Z`)
      await saveDeliverySettings(db, ws.workspaceId, {
        quarantineDays: 30,
        maxPer90Days: 3,
        quietStart: 9,
        quietEnd: 11,
        timezone: 'UTC',
      })
      const id = await program({})
      expect(
        await deliver(db, payload(id, 'LOCAL'), { dedupeKey: 'k-local', segments: surveySegments }, now),
      ).toBe('deferred')
      const [moved] = await db.query<{ runAt: Date }>(
        sql`select run_at as "runAt" from jobs where dedupe_key = 'k-local:after-quiet-hours'`,
      )
      expect(moved!.runAt.toISOString()).toBe(`${today}T11:00:00.000Z`)
      // 09:20 UTC is 18:20 in Tokyo: not quiet there.
      expect(
        await deliver(db, payload(id, 'TOKYO'), { dedupeKey: 'k-tokyo', segments: surveySegments }, now),
      ).toBe('invited')
    })

    test('the trigger scan queues new events at occurred_at + delay and ignores events too old to answer', async () => {
      const id = await program({ delayMinutes: 60, expiresAfterHours: 24 })
      await scanEvents(db, 0)
      const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000)
      for (const [customer, at] of [
        ['LOCAL', hoursAgo(0.5)],
        ['TOKYO', hoursAgo(48)],
      ] as const)
        await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
          values (${ws.workspaceId}, ${ws.customerIds[customer]}, ${`e-${customer}`}, 'order_delivered', ${at})`)
      await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
        values (${ws.workspaceId}, ${ws.customerIds.LOCAL}, 'other', 'page_viewed', now())`)
      await scanEvents(db, 0)
      const jobs = await db.query<{
        customerId: string
        minutes: number
      }>(sql`select payload->>'customerId' as "customerId",
          round(extract(epoch from run_at - now()) / 60)::int as minutes
        from jobs where kind = 'surveys.deliver' and payload->>'programId' = ${id}`)
      expect(jobs).toEqual([{ customerId: ws.customerIds.LOCAL, minutes: 30 }])
      // Seen twice, queued once.
      await db.query(
        sql`update job_cursors set position = position - interval '1 hour' where name = 'surveys.scan-events'`,
      )
      await scanEvents(db, 0)
      const [{ n }] = (await db.query<{ n: number }>(
        sql`select count(*)::int as n from jobs where kind = 'surveys.deliver' and payload->>'programId' = ${id}`,
      )) as [{ n: number }]
      expect(n).toBe(1)
    })

    test('invitations past their expiry and not completed are marked expired; completed ones stay', async () => {
      const id = await program({
        respectQuietHours: false,
        quarantineDays: 0,
        maxPer90Days: 90,
        expiresAfterHours: 1,
      })
      const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000)
      for (const c of ['GOLD_KYIV', 'GOLD_LVIV', 'SILVER_KYIV'])
        expect(
          await deliver(db, payload(id, c), { dedupeKey: null, segments: surveySegments }, twoHoursAgo),
        ).toBe('invited')
      await db.query(sql`update invitations set completed_at = now(), status = 'completed'
        where program_id = ${id} and customer_id = ${ws.customerIds.GOLD_KYIV}`)
      await db.query(sql`update invitations set opened_at = now(), started_at = now(), status = 'started'
        where program_id = ${id} and customer_id = ${ws.customerIds.GOLD_LVIV}`)
      expect(await expireInvitations(db)).toBe(2)
      const rows = await db.query<{ status: string; started: boolean }>(sql`select status,
          started_at is not null as started from invitations i join customers c on c.id = i.customer_id
        where program_id = ${id} order by c.external_id`)
      expect(rows).toEqual([
        { status: 'completed', started: false },
        { status: 'expired', started: true },
        { status: 'expired', started: false },
      ])
    })

    // Last: it invites customers, whom the fatigue rules would then spare the other tests' invitations.
    test('an engagement bound lets in only the customers whose score is within it', async () => {
      const now = new Date()
      const act = (customer: string, kind: string, daysAgo: number) =>
        db.query(sql`insert into loyalty_acts (workspace_id, customer_id, kind, source_id, occurred_at, recorded_at)
          values (${ws.workspaceId}, ${ws.customerIds[customer]}, ${kind}, ${`${customer}-${kind}`},
            ${new Date(now.getTime() - daysAgo * 86_400_000)}, ${now})`)
      // By the score's weights: referral 10 + review 6 = 16; one anniversary = 2; an act over a year old counts 0.
      await act('GOLD_LVIV', 'referral', 3)
      await act('GOLD_LVIV', 'review', 40)
      await act('TOKYO', 'anniversary', 10)
      await act('LOCAL', 'referral', 400)
      const outcome = async (audience: object) => {
        const id = await program({ respectQuietHours: false, audience })
        const inAudience: Record<string, boolean> = {}
        for (const c of ['GOLD_LVIV', 'TOKYO', 'LOCAL'])
          inAudience[c] =
            (await deliver(db, payload(id, c), { dedupeKey: null, segments: surveySegments }, now)) !==
            'not_in_audience'
        return inAudience
      }
      expect(await outcome({ engagement: { min: 10 } })).toEqual({
        GOLD_LVIV: true,
        TOKYO: false,
        LOCAL: false,
      })
      expect(await outcome({ engagement: { min: 2, max: 15 } })).toEqual({
        GOLD_LVIV: false,
        TOKYO: true,
        LOCAL: false,
      })
      expect(await outcome({ engagement: { max: 0 } })).toEqual({
        GOLD_LVIV: false,
        TOKYO: false,
        LOCAL: true,
      })
      const reversed = newProgramSchema.safeParse({
        name: 'p',
        surveyId: ws.surveyId,
        channel: 'email',
        triggerEvent: 'order_delivered',
        audience: { engagement: { min: 50, max: 20 } },
      })
      expect(reversed.error?.issues[0]?.path).toEqual(['audience', 'engagement', 'min'])
    })
  })
}
