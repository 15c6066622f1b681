import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { loopMailFor } from '../server/loop-wiring.js'
import { startTestSmtp, type TestSmtp } from '../surveys/email/test-smtp.js'
import { receiveInboundEmail } from './conversation.js'
import {
  changeRecipient,
  createCampaign,
  getCampaign,
  listCampaigns,
  personalMessage,
  sendCampaign,
} from './outreach.js'
import { caseWorkspace, npsSurvey } from './test-cases.js'

// An outreach campaign: a personal message per customer, one edited by hand, sent by real SMTP under the
// consent rules, and its outcomes within 30 days: a reply through the inbound path, an order, a survey answer.

const day = 86_400_000
const whole = (workspaceId: string) => ({ workspaceId, unitPath: null })

test('the template greets each customer by name, and says "customer" when the name is unknown', () => {
  expect(personalMessage('Hi {{name}}, we miss you. {{name}}!', 'Anna')).toBe('Hi Anna, we miss you. Anna!')
  expect(personalMessage('Hi {{name}}', null)).toBe('Hi customer')
})

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`outreach on ${driver.name}`, () => {
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

    test('personal messages go out by consent; replies, orders and answers within the days are counted', async () => {
      const ws = w.workspaceId
      const a = await w.customer('oa', null, 'oa@shop.test')
      const b = await w.customer('ob', null, 'ob@shop.test')
      const c = await w.customer('oc', null, 'oc@shop.test')
      await db.query(sql`update customers set email_opt_in = case when id = ${c} then null else true end
        where id in (${a}, ${b}, ${c})`)
      const id = await createCampaign(
        db,
        whole(ws),
        null,
        {
          name: 'Win back',
          list: 'silent',
          subject: 'We miss you',
          template: 'Hi {{name}}, come back!',
          outcomeDays: 30,
        },
        [a, b, c],
      )
      await changeRecipient(db, whole(ws), id, b, { message: 'Dear B, your usual coffee is back.' })
      const sentAt = new Date('2026-05-01T09:00:00Z')
      const mail = { ...loopMailFor(loadConfig({ SMTP_URL: smtp.url })), inboundDomain: 'in.shop.test' }
      expect(await sendCampaign(db, whole(ws), id, mail, sentAt)).toEqual({
        sent: 2,
        suppressed: 1,
        failed: 0,
      })
      const messages = await smtp.waitFor(2)
      const toA = messages.find((m) => m.text?.includes('Hi Customer oa, come back!'))
      expect(toA).toBeDefined()
      expect(messages.some((m) => m.text?.includes('Dear B, your usual coffee is back.'))).toBe(true)
      // Sent messages cannot be edited any more.
      await expect(changeRecipient(db, whole(ws), id, a, { message: 'x' })).rejects.toThrow(/waiting/)

      // a orders 5 days later (counts); b orders 40 days later (too late) and answers a survey 3 days later.
      await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
        values (${ws}, ${a}, 'oa-1', ${new Date(sentAt.getTime() + 5 * day)}, 'EUR', 12.50),
          (${ws}, ${b}, 'ob-1', ${new Date(sentAt.getTime() + 40 * day)}, 'EUR', 9.00)`)
      const survey = await npsSurvey(db, ws, 'outreach')
      await survey.answer(b, { nps: 7 }, new Date(sentAt.getTime() + 3 * day))
      // a answers the e-mail: the reply comes back through the inbound path.
      const replyTo = (toA!.replyTo?.value[0]?.address ?? '') as string
      expect(replyTo).toMatch(/^reply\+o[0-9a-f]+\.[a-z0-9_-]+@in\.shop\.test$/)
      const raw = `From: oa@shop.test\r\nTo: ${replyTo}\r\nSubject: Re: We miss you\r\nMessage-ID: <r1@shop.test>\r\n\r\nI will!\r\n`
      expect(await receiveInboundEmail(db, raw)).toEqual({ caseId: null })

      const [summary] = (await listCampaigns(db, whole(ws))).filter((k) => k.id === id)
      expect(summary).toMatchObject({
        recipients: 3,
        sent: 2,
        suppressed: 1,
        replied: 1,
        boughtAgain: 1,
        answeredSurvey: 1,
      })
      const detail = await getCampaign(db, whole(ws), id)
      const by = Object.fromEntries(detail!.items.map((r) => [r.externalId, r]))
      expect(by.oa).toMatchObject({ boughtAgain: true, answeredSurvey: false })
      expect(by.oa!.repliedAt).not.toBeNull()
      expect(by.ob).toMatchObject({ boughtAgain: false, answeredSurvey: true, repliedAt: null })
      expect(by.oc).toMatchObject({ status: 'suppressed', reason: 'no_consent' })
    })
  })
}
