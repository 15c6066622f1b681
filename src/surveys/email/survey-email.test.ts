import type { Hono } from 'hono'
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../config.js'
import { ingestRecords } from '../../customers/ingest-records.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { testDrivers } from '../../db/test-db.js'
import type { AppEnv } from '../../http/app-env.js'
import { createWorker, type Worker } from '../../jobs/worker.js'
import { createApp } from '../../server/app.js'
import { surveySegments } from '../../server/survey-segments.js'
import { surveyDeliveryWork } from '../delivery-work.js'
import { newProgramSchema } from '../programs/program.js'
import { createProgram } from '../programs/programs.sql.js'
import { scanEvents } from '../programs/scan-events.js'
import { deliveryWorkspace } from '../programs/test-delivery.js'
import { cancelAnsweredReminders } from './cancel-answered-reminders.js'
import { startTestSmtp, type TestSmtp } from './test-smtp.js'

// E-mail invitations end to end: event → trigger scan → delivery job → SMTP (a real server on loopback).

const baseUrl = 'http://rapport.test'
const hours = (n: number) => new Date(Date.now() - n * 3_600_000).toISOString()

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`survey e-mails on ${driver.name}`, () => {
    let db: Db
    let smtp: TestSmtp
    let worker: Worker
    let app: Hono<AppEnv>
    let ws: Awaited<ReturnType<typeof deliveryWorkspace>>
    let programId: string

    const to = (address: string) =>
      smtp.messages.filter((m) => m.to && 'text' in m.to && m.to.text === address)
    const ingest = async (events: { customer: string; type: string; at: string }[]) => {
      const report = await ingestRecords(
        db,
        ws.workspaceId,
        'events',
        events.map((e, i) => ({
          customer_id: e.customer,
          type: e.type,
          occurred_at: e.at,
          event_id: `${e.customer}-${e.type}-${e.at}-${i}`,
        })),
      )
      expect(report.errors).toEqual([])
      return scanEvents(db, 0)
    }
    const invitationOf = async (customer: string) => {
      const [row] = await db.query<{ id: string; status: string; suppressed_reason: string | null }>(sql`
        select id, status, suppressed_reason from invitations where customer_id = ${ws.customerIds[customer]}
        order by created_at desc limit 1`)
      return row!
    }
    const linksOf = (mail: ParsedMail) =>
      [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'))

    beforeAll(async () => {
      db = await driver.open()
      smtp = await startTestSmtp()
      const config = loadConfig({ SMTP_URL: smtp.url })
      app = createApp({ db, config, webDir: '/nonexistent' })
      worker = createWorker({
        db,
        handlers: surveyDeliveryWork({ config, baseUrl, segments: surveySegments }).handlers,
      })
      ws = await deliveryWorkspace(db, [
        { externalId: 'OLENA', name: 'Олена', language: 'uk' },
        { externalId: 'JAN', name: 'Jan', language: 'pl' },
        { externalId: 'ANSWERS', name: 'Ann', language: 'en' },
        { externalId: 'SILENT', name: 'Sam', language: 'en' },
        { externalId: 'LATE', name: 'Lee', language: 'en' },
      ])
      const program = await createProgram(
        db,
        ws.workspaceId,
        newProgramSchema.parse({
          name: 'NPS a day after delivery',
          surveyId: ws.surveyId,
          channel: 'email',
          triggerEvent: 'order_delivered',
          delayMinutes: 24 * 60,
          respectQuietHours: false,
          expiresAfterHours: 240,
          reminders: 2,
          reminderAfterHours: 72,
        }),
      )
      programId = program.id
      await scanEvents(db, 0) // starts the high-water mark: events from here on trigger
    })
    afterAll(async () => {
      await smtp?.close()
      await db?.close()
    })

    test('an order delivered a day ago brings an e-mail with the NPS question in the customer language', async () => {
      expect(
        await ingest([
          { customer: 'OLENA', type: 'order_delivered', at: hours(25) },
          { customer: 'JAN', type: 'order_delivered', at: hours(1) },
          { customer: 'JAN', type: 'page_viewed', at: hours(1) },
        ]),
      ).toBe(2)
      await worker.tick()
      const [mail] = await smtp.waitFor(1)
      expect(smtp.messages).toHaveLength(1)
      expect(mail!.to && 'text' in mail!.to && mail!.to.text).toBe('olena@example.com')
      expect(mail!.subject).toBe('Коротке запитання: Ваша доставка')
      expect(mail!.html).toContain('Наскільки ймовірно, що ви порекомендуєте нас другові?')
      expect(mail!.text).toContain('Наскільки ймовірно')
      const scoreLinks = linksOf(mail!).filter((l) => l.includes('score='))
      expect(scoreLinks.map((l) => new URL(l).searchParams.get('score'))).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
      ])
      for (const link of scoreLinks) {
        expect(link).toMatch(/^http:\/\/rapport\.test\/s\/i\/[0-9a-f]{32}\.[\w-]{22}\?lang=uk&score=\d+$/)
      }
      expect(
        mail!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r\n\s+/g, ' '),
      ).toMatch(/^List-Unsubscribe: <http:\/\/rapport\.test\/unsubscribe\/.+\?scope=all>$/)
      const invitation = await invitationOf('OLENA')
      expect(invitation.status).toBe('sent')
      // Jan's order arrived an hour ago: his invitation waits for the 24 hours to pass.
      const [waiting] = await db.query<{
        hours: number
      }>(sql`select round(extract(epoch from run_at - now()) / 3600)::int as hours
        from jobs where kind = 'surveys.deliver' and status = 'pending' and payload->>'customerId' = ${ws.customerIds.JAN}`)
      expect(waiting!.hours).toBe(23)
    })

    test('following every score link, as a mail scanner does, saves nothing; the confirmed score is saved', async () => {
      const mail = to('olena@example.com')[0]!
      const scoreLinks = linksOf(mail).filter((l) => l.includes('score='))
      for (const link of scoreLinks) {
        const url = new URL(link)
        const page = await app.request(url.pathname + url.search)
        expect(page.status).toBe(200)
      }
      const responses = async () =>
        (await db.query<{ answers: Record<string, unknown> }>(sql`select answers from responses`)).map(
          (r) => r.answers,
        )
      expect(await responses()).toEqual([])
      expect((await invitationOf('OLENA')).status).toBe('opened')
      // The person confirms 9 on the page: the page posts it, and only now it is stored.
      const token = new URL(scoreLinks[9]!).pathname.split('/').pop()
      const saved = await app.request(`/api/v1/public/invitations/${token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId: 'olena-confirm-1',
          version: 1,
          language: 'uk',
          answers: { nps: 9 },
        }),
      })
      expect(saved.status).toBe(200)
      expect(await responses()).toEqual([{ nps: 9 }])
      // Her two reminders are gone from the queue.
      expect(await cancelAnsweredReminders(db)).toBe(2)
    })

    test('the unsubscribe link asks first; confirming it stops every later invitation to that person', async () => {
      const mail = to('olena@example.com')[0]!
      const links = linksOf(mail).filter((l) => l.includes('/unsubscribe/'))
      expect(links.map((l) => new URL(l).searchParams.get('scope'))).toEqual(['survey', 'all'])
      const all = new URL(links[1]!)
      const page = await app.request(all.pathname + all.search)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('Більше не отримувати запрошень до жодного з наших опитувань?')
      const count = async () =>
        (await db.query<{ n: number }>(sql`select count(*)::int as n from survey_unsubscribes`))[0]?.n
      expect(await count()).toBe(0)
      const done = await app.request(all.pathname + all.search, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'scope=all',
      })
      expect(done.status).toBe(200)
      expect(await done.text()).toContain('вас більше не запрошуватимуть до наших опитувань')
      expect(await count()).toBe(1)
      const forged = await app.request(`/unsubscribe/${'0'.repeat(32)}.${'A'.repeat(22)}?scope=all`, {
        method: 'POST',
      })
      expect(forged.status).toBe(404)

      // Without a quarantine in the way, the next delivery is still not sent: opted out.
      await db.query(sql`update survey_programs set quarantine_days = 0 where id = ${programId}`)
      const before = smtp.messages.length
      await ingest([{ customer: 'OLENA', type: 'order_delivered', at: hours(24.5) }])
      await worker.tick()
      const latest = await invitationOf('OLENA')
      expect(latest.status).toBe('suppressed')
      expect(latest.suppressed_reason).toBe('opted_out')
      expect(smtp.messages.length).toBe(before)
    })

    test('reminders go only to those who have not answered, at most two, cancelled when they answer', async () => {
      await ingest(
        ['ANSWERS', 'SILENT', 'LATE'].map((customer) => ({
          customer,
          type: 'order_delivered',
          at: hours(24.2),
        })),
      )
      await worker.tick()
      await smtp.waitFor(4)
      expect(to('ann@example.com')).toHaveLength(0) // ANSWERS' address is answers@example.com
      expect(to('answers@example.com')).toHaveLength(1)
      expect(to('silent@example.com')).toHaveLength(1)
      expect(to('late@example.com')).toHaveLength(1)
      const pendingReminders = async (customer: string) =>
        (
          await db.query<{ n: number }>(sql`select count(*)::int as n from jobs j join invitations i
            on i.id = (j.payload->>'invitationId')::uuid
            where j.kind = 'surveys.email' and j.status = 'pending' and i.customer_id = ${ws.customerIds[customer]}`)
        )[0]?.n
      expect(await pendingReminders('SILENT')).toBe(2)

      // ANSWERS answers; the sweep cancels both reminders at once.
      const answer = async (address: string, score: number) => {
        const link = linksOf(to(address)[0]!).find((l) => l.endsWith(`score=${score}`))!
        const token = new URL(link).pathname.split('/').pop()
        const body = {
          clientId: `answer-${address.length}-${score}`,
          version: 1,
          language: 'en',
          answers: { nps: score },
        }
        const response = await app.request(`/api/v1/public/invitations/${token}/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
        expect(response.status).toBe(200)
      }
      await answer('answers@example.com', 3)
      expect(await cancelAnsweredReminders(db)).toBe(2)
      expect(await pendingReminders('ANSWERS')).toBe(0)

      // LATE answers just before the reminder is due, before any sweep: the reminder still does not go.
      await answer('late@example.com', 10)

      const sent = smtp.messages.length
      for (let round = 0; round < 3; round++) {
        await db.query(
          sql`update jobs set run_at = now() where kind = 'surveys.email' and status = 'pending'`,
        )
        await worker.tick()
      }
      await smtp.waitFor(sent + 2)
      await new Promise((r) => setTimeout(r, 200))
      const silent = to('silent@example.com')
      expect(silent.map((m) => m.subject)).toEqual([
        'A quick question: Your delivery',
        'Reminder: Your delivery',
        'Reminder: Your delivery',
      ])
      expect(silent[1]?.text).toContain('We have not heard from you yet')
      expect(to('answers@example.com')).toHaveLength(1)
      expect(to('late@example.com')).toHaveLength(1)
      expect(await pendingReminders('SILENT')).toBe(0)
    })
  })
}
