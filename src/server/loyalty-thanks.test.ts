import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createWorker } from '../jobs/worker.js'
import { recordAct, thankAct } from '../loyalty/acts.js'
import { loyaltyWork } from '../loyalty/loyalty-work.js'
import { seedMembers } from '../loyalty/test-members.js'
import { startTestSmtp, type TestSmtp } from '../surveys/email/test-smtp.js'
import { loyaltyThanks } from './loyalty-thanks.js'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`thank-you e-mails on ${driver.name}`, () => {
    let db: Db
    let smtp: TestSmtp
    let worker: ReturnType<typeof createWorker>
    let ws: string
    let n = 0
    const actor = { userId: null, apiKeyId: null }

    async function customer(c: { email: string | null; language: string; optIn: boolean | null }) {
      const [row] = await db.query<{
        id: string
      }>(sql`insert into customers (workspace_id, external_id, email,
          language, email_opt_in) values (${ws}, ${`T-${n++}`}, ${c.email}, ${c.language}, ${c.optIn}) returning id`)
      return row?.id ?? ''
    }
    async function thank(customerId: string) {
      const access = { workspaceId: ws, unitPath: null, actor }
      const recorded = await recordAct(
        db,
        access,
        { customerId, kind: 'review', sourceId: `rv-${n++}`, occurredAt: new Date() },
        new Date(),
      )
      const id = recorded?.act.id ?? ''
      await thankAct(
        db,
        access,
        id,
        { from: 'Oksana, shop owner', message: 'Your review helped others.', email: true },
        new Date(),
      )
      await worker.tick()
      const [row] = await db.query<{ status: string }>(
        sql`select thank_email_status as status from loyalty_acts where id = ${id}`,
      )
      return row?.status
    }

    beforeAll(async () => {
      db = await driver.open()
      smtp = await startTestSmtp()
      const config = loadConfig({ SMTP_URL: smtp.url })
      worker = createWorker({
        db,
        handlers: loyaltyWork({ thanks: loyaltyThanks({ config, baseUrl: '' }) }).handlers,
      })
      ws = (await seedMembers(db, 0)).workspaceId
    })
    afterAll(async () => {
      await smtp.close()
      await db.close()
    })

    test('a thank-you goes out in the customer language, signed by the employee, once a week at most', async () => {
      const olena = await customer({ email: 'olena@mail.test', language: 'uk', optIn: true })
      expect(await thank(olena)).toBe('sent')
      const [mail] = await smtp.waitFor(1)
      expect(mail?.subject).toBe('Дякуємо вам')
      expect(mail?.text).toContain('Your review helped others.')
      expect(mail?.text).toContain('— Oksana, shop owner')
      expect(await thank(olena)).toBe('cap')
      expect(smtp.messages).toHaveLength(1)
    })

    test('without consent, an address or with an opt-out, nothing is sent and the reason is kept', async () => {
      expect(await thank(await customer({ email: 'no@mail.test', language: 'en', optIn: false }))).toBe(
        'opted_out',
      )
      expect(await thank(await customer({ email: null, language: 'en', optIn: true }))).toBe('no_channel')
      expect(await thank(await customer({ email: 'unknown@mail.test', language: 'pl', optIn: null }))).toBe(
        'no_consent',
      )
      expect(smtp.messages).toHaveLength(1)
    })
  })
}
