import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { loopMailFor } from '../server/loop-wiring.js'
import { startTestSmtp, type TestSmtp } from '../surveys/email/test-smtp.js'
import {
  changeText,
  compareGroups,
  getChange,
  listChanges,
  notifyChange,
  recordChange,
  selectChangeCustomers,
} from './loop-changes.js'
import { caseWorkspace, npsSurvey } from './test-cases.js'

// A change "faster delivery", the customers who raised it at the delivery touchpoint, the message sent by real
// SMTP under the consent and fatigue rules, and the next scores of the told against the not told. Every expected
// figure is worked by hand in the test.

const at = (iso: string) => new Date(iso)
const whole = (workspaceId: string) => ({ workspaceId, unitPath: null })

test('the mean next-score difference comes with a Welch 95 % interval, and not below five per group', () => {
  // told 8,9,7,10,6: mean 8, sample variance 10/4 = 2.5; not told 5,6,4,7,3: mean 5, variance 2.5.
  // se = √(2.5/5 + 2.5/5) = 1, so 3 ± 1.96.
  const row = (told: boolean, meanNext: number) => ({
    told,
    customers: 5,
    n: 5,
    meanBefore: 3,
    meanNext,
    variance: 2.5,
  })
  const c = compareGroups(row(true, 8), row(false, 5))
  expect(c.enoughData).toBe(true)
  expect(c.difference!.value).toBe(3)
  expect(c.difference!.low).toBeCloseTo(1.04, 10)
  expect(c.difference!.high).toBeCloseTo(4.96, 10)
  const few = compareGroups(row(true, 8), { ...row(false, 5), n: 4 })
  expect(few.enoughData).toBe(false)
  expect(few.difference).toBeNull()
  expect(compareGroups(undefined, undefined).told).toEqual({
    customers: 0,
    n: 0,
    meanBefore: null,
    meanNext: null,
  })
})

test("the message is the customer's language, else the one for all, else English", () => {
  expect(changeText({ lv: 'Ātrāk', '*': 'Faster', en: 'Faster (en)' }, 'lv-LV')).toBe('Ātrāk')
  expect(changeText({ lv: 'Ātrāk', '*': 'Faster' }, 'pl')).toBe('Faster')
  expect(changeText({ lv: 'Ātrāk', en: 'Faster (en)' }, null)).toBe('Faster (en)')
})

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`you said, we did on ${driver.name}`, () => {
    let db: Db
    let smtp: TestSmtp
    let w: Awaited<ReturnType<typeof caseWorkspace>>

    beforeAll(async () => {
      db = await driver.open()
      smtp = await startTestSmtp()
      w = await caseWorkspace(db)
    })
    afterAll(async () => {
      await smtp.close()
      await db.close()
    })

    test('told customers who raised it; the others are compared with them on their next score', async () => {
      const ws = w.workspaceId
      const delivery = await npsSurvey(db, ws, 'delivery')
      const store = await npsSurvey(db, ws, 'store')
      const person = async (id: string, consent: boolean | null, optedOut = false) => {
        const customerId = await w.customer(id, w.units.riga.id, `${id}@shop.test`)
        await db.query(sql`update customers set email_opt_in = ${consent}, opted_out = ${optedOut}
          where id = ${customerId}`)
        return customerId
      }
      // Five consenting customers who will be told (t1–t5) and five who will not: three deselected (d1–d3),
      // one of unknown consent and one who opted out (even with a legitimate-interest basis for surveys).
      await db.query(sql`insert into survey_delivery_settings (workspace_id, email_legitimate_interest,
        legitimate_interest_basis) values (${ws}, true, 'We ask buyers about their delivery.')`)
      const told = await Promise.all(['t1', 't2', 't3', 't4', 't5'].map((id) => person(id, true)))
      const deselected = await Promise.all(['d1', 'd2', 'd3'].map((id) => person(id, true)))
      const unknown = await person('u1', null)
      const optedOut = await person('o1', true, true)
      const raisedBy = [...told, ...deselected, unknown, optedOut]
      for (const [i, id] of raisedBy.entries())
        await delivery.answer(id, { nps: i % 7, comment: 'slow' }, at('2026-02-10T10:00:00Z'))
      // Not raised: a good score, a low score at another touchpoint, a low score before raisedSince.
      await delivery.answer(await person('happy', true), { nps: 9 }, at('2026-02-10T10:00:00Z'))
      await store.answer(await person('store', true), { nps: 2 }, at('2026-02-10T10:00:00Z'))
      await delivery.answer(await person('old', true), { nps: 1 }, at('2025-12-01T10:00:00Z'))

      const id = await recordChange(db, whole(ws), null, {
        title: 'Faster delivery to Riga',
        texts: { lv: 'Piegāde uz Rīgu tagad ir ātrāka.', '*': 'Delivery to Riga is now faster.' },
        touchpoint: 'delivery',
        themeWords: null,
        metric: 'nps',
        raisedSince: at('2026-01-01T00:00:00Z'),
      })
      let change = await getChange(db, whole(ws), id)
      expect(change!.customers.map((c) => c.externalId).sort()).toEqual(
        ['d1', 'd2', 'd3', 'o1', 't1', 't2', 't3', 't4', 't5', 'u1'].sort(),
      )
      expect(change!.counts.selected).toBe(10)
      expect(await selectChangeCustomers(db, whole(ws), id, deselected, false)).toBe(3)
      // Deselecting again changes nothing.
      expect(await selectChangeCustomers(db, whole(ws), id, deselected, false)).toBe(0)

      const mail = loopMailFor(loadConfig({ SMTP_URL: smtp.url }))
      const result = await notifyChange(db, whole(ws), id, mail, at('2026-03-01T09:00:00Z'))
      expect(result).toEqual({ sent: 5, suppressed: 2, failed: 0 })
      const messages = await smtp.waitFor(5)
      expect(messages.map((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address).sort()).toEqual(
        ['t1', 't2', 't3', 't4', 't5'].map((t) => `${t}@shop.test`),
      )
      // The test customers speak Latvian.
      expect(messages[0]!.subject).toBe('Faster delivery to Riga')
      expect(messages[0]!.text).toContain('Piegāde uz Rīgu tagad ir ātrāka.')
      change = await getChange(db, whole(ws), id)
      const reasons = Object.fromEntries(change!.customers.map((c) => [c.externalId, c.reason]))
      expect(reasons.u1).toBe('no_consent')
      expect(reasons.o1).toBe('opted_out')

      // Next scores at the delivery touchpoint: told 8,9,7,10,6; not told 5,6,4,7,3. A later store answer and
      // an answer before the message do not count.
      const nextTold = [8, 9, 7, 10, 6]
      const nextOthers = [5, 6, 4, 7, 3]
      for (const [i, c] of told.entries()) {
        await delivery.answer(c, { nps: 0 }, at('2026-02-20T10:00:00Z'))
        await delivery.answer(c, { nps: nextTold[i] }, at('2026-03-10T10:00:00Z'))
        await delivery.answer(c, { nps: 0 }, at('2026-03-20T10:00:00Z'))
      }
      for (const [i, c] of [...deselected, unknown, optedOut].entries()) {
        await store.answer(c, { nps: 10 }, at('2026-03-05T10:00:00Z'))
        await delivery.answer(c, { nps: nextOthers[i] }, at('2026-03-10T10:00:00Z'))
      }
      const [logged] = (await listChanges(db, whole(ws), { limit: 10, offset: 0 })).items
      const { comparison } = logged!
      expect(comparison.told).toMatchObject({ customers: 5, n: 5, meanNext: 8 })
      expect(comparison.notTold).toMatchObject({ customers: 5, n: 5, meanNext: 5 })
      // Raised scores were i % 7 for i = 0…9: told 0,1,2,3,4 (mean 2); others 5,6,0,1,2 (mean 2.8).
      expect(comparison.told.meanBefore).toBeCloseTo(2, 10)
      expect(comparison.notTold.meanBefore).toBeCloseTo(2.8, 10)
      expect(comparison.difference!.value).toBeCloseTo(3, 10)
      expect(comparison.difference!.low).toBeCloseTo(1.04, 10)
      expect(logged!.counts).toEqual({ selected: 0, deselected: 3, sent: 5, suppressed: 2, failed: 0 })
    })

    test('a theme links by whole words of comments; a second message inside the quarantine is held back', async () => {
      const ws = w.workspaceId
      const survey = await npsSurvey(db, ws, 'checkout')
      const late = await w.customer('late', null, 'late@shop.test')
      const latency = await w.customer('latency', null, 'latency@shop.test')
      await db.query(sql`update customers set email_opt_in = true where id in (${late}, ${latency})`)
      await survey.answer(late, { nps: 3, comment: 'The courier was LATE again' }, at('2026-04-01T10:00:00Z'))
      await survey.answer(latency, { nps: 3, comment: 'Latency of the site' }, at('2026-04-01T10:00:00Z'))
      const record = (title: string) =>
        recordChange(db, whole(ws), null, {
          title,
          texts: { '*': 'We changed couriers.' },
          touchpoint: null,
          themeWords: ['late', 'slow courier'],
          metric: 'nps',
          raisedSince: at('2026-03-25T00:00:00Z'),
        })
      const first = await record('New courier')
      const change = await getChange(db, whole(ws), first)
      expect(change!.customers.map((c) => c.externalId)).toEqual(['late'])
      const mail = loopMailFor(loadConfig({ SMTP_URL: smtp.url }))
      expect(await notifyChange(db, whole(ws), first, mail, at('2026-04-10T09:00:00Z'))).toMatchObject({
        sent: 1,
      })
      // The default quarantine is 30 days: 10 days later the second change is not sent to the same person.
      const second = await record('Courier tracking')
      expect(await notifyChange(db, whole(ws), second, mail, at('2026-04-20T09:00:00Z'))).toEqual({
        sent: 0,
        suppressed: 1,
        failed: 0,
      })
      expect((await getChange(db, whole(ws), second))!.customers[0]!.reason).toBe('quarantine')
    })

    test("a member of Riga sees and selects only Riga's customers of a change", async () => {
      const ws = w.workspaceId
      const survey = await npsSurvey(db, ws, 'returns')
      const riga = await w.customer('ret-riga', w.units.riga.id)
      const north = await w.customer('ret-north', w.units.north.id)
      await survey.answer(riga, { nps: 1 }, at('2026-04-01T10:00:00Z'))
      await survey.answer(north, { nps: 1 }, at('2026-04-01T10:00:00Z'))
      const [unit] = await db.query<{ path: string }>(
        sql`select path from org_units where id = ${w.units.riga.id}`,
      )
      const rigaOnly = { workspaceId: ws, unitPath: unit!.path }
      const id = await recordChange(db, whole(ws), null, {
        title: 'Free returns',
        texts: { '*': 'Returns are free now.' },
        touchpoint: 'returns',
        themeWords: null,
        metric: 'nps',
        raisedSince: at('2026-03-01T00:00:00Z'),
      })
      expect((await getChange(db, rigaOnly, id))!.customers.map((c) => c.externalId)).toEqual(['ret-riga'])
      expect(await selectChangeCustomers(db, rigaOnly, id, [north], false)).toBe(0)
      expect((await getChange(db, whole(ws), id))!.counts.selected).toBe(2)
    })
  })
}
