import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../config.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { testDrivers } from '../../db/test-db.js'
import { createWorker, type Worker } from '../../jobs/worker.js'
import { surveySegments } from '../../server/survey-segments.js'
import { client, setUp, type TestClient, testApp } from '../../server/test-client.js'
import { surveyDeliveryWork } from '../delivery-work.js'
import { startTestSmtp, type TestSmtp } from '../email/test-smtp.js'
import { scanEvents } from '../programs/scan-events.js'
import { createSurvey } from '../surveys.js'
import { npsDefinition } from '../test-survey.js'

// Unknown consent is no consent for e-mail, unless the workspace records a legitimate-interest basis;
// an explicit refusal wins over that basis.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`unknown e-mail consent on ${driver.name}`, () => {
    let db: Db
    let smtp: TestSmtp
    let worker: Worker
    let owner: TestClient
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let ws: string
    const consentPath = () => `/api/v1/workspaces/${ws}/survey-delivery/consent`

    const ingestCustomer = async (record: Record<string, unknown>) => {
      const response = await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/customers`, {
        records: [{ language: 'en', ...record }],
      })
      expect(response.body).toMatchObject({ skipped: 0 })
    }
    const ticketClosed = async (customerId: string) => {
      await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/events`, {
        records: [
          {
            customer_id: customerId,
            type: 'ticket_closed',
            occurred_at: new Date().toISOString(),
            event_id: `${customerId}-t`,
          },
        ],
      })
      await scanEvents(db, 0)
      await worker.tick()
    }
    const emailInvitation = async (customerId: string) =>
      (
        await db.query<{
          status: string
          reason: string | null
        }>(sql`select i.status, i.suppressed_reason as reason
          from invitations i join customers c on c.id = i.customer_id
          where c.workspace_id = ${ws} and c.external_id = ${customerId} and i.channel = 'email'`)
      )[0]
    const mailsTo = (address: string) =>
      smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address))

    beforeAll(async () => {
      db = await driver.open()
      smtp = await startTestSmtp()
      ;({ app } = await testApp(db))
      ;({ owner, workspaceId: ws } = await setUp(app))
      const survey = await createSurvey(db, ws, {
        name: 'Support',
        touchpoint: 'support',
        npsKind: 'transactional',
        definition: npsDefinition,
        status: 'active',
      })
      await owner.json('PUT', `/api/v1/workspaces/${ws}/survey-delivery/settings`, {
        quarantineDays: 0,
        maxPer90Days: 90,
        quietStart: 0,
        quietEnd: 0,
        timezone: 'UTC',
      })
      const program = await owner.json('POST', `/api/v1/workspaces/${ws}/survey-programs`, {
        name: 'CES after a ticket',
        surveyId: survey.id,
        channel: 'email',
        triggerEvent: 'ticket_closed',
      })
      expect(program.status).toBe(201)
      worker = createWorker({
        db,
        handlers: surveyDeliveryWork({
          config: loadConfig({ SMTP_URL: smtp.url }),
          baseUrl: 'http://rapport.test',
          segments: surveySegments,
        }).handlers,
      })
      await scanEvents(db, 0)
    })
    afterAll(async () => {
      await smtp?.close()
      await db?.close()
    })

    test('a customer ingested without email_opt_in is stored as unknown and gets no e-mail', async () => {
      await ingestCustomer({ customer_id: 'UNKNOWN', email: 'unknown@example.com' })
      const [row] = await db.query<{ consent: boolean | null }>(
        sql`select email_opt_in as consent from customers where workspace_id = ${ws} and external_id = 'UNKNOWN'`,
      )
      expect(row).toEqual({ consent: null })
      await ticketClosed('UNKNOWN')
      expect(await emailInvitation('UNKNOWN')).toEqual({ status: 'suppressed', reason: 'no_consent' })
      expect(mailsTo('unknown@example.com')).toHaveLength(0)
    })

    test('the legitimate-interest basis is off by default, needs its basis written down, and only owners and admins set it', async () => {
      expect((await owner.json('GET', consentPath())).body).toEqual({
        emailLegitimateInterest: false,
        legitimateInterestBasis: null,
      })
      const missing = await owner.json<{ error: { details: unknown } }>('PUT', consentPath(), {
        emailLegitimateInterest: true,
      })
      expect(missing.status).toBe(400)
      expect(JSON.stringify(missing.body.error)).toContain('legitimateInterestBasis')
      const member = await owner.json('POST', `/api/v1/workspaces/${ws}/members`, {
        email: 'analyst@acme.test',
        name: 'Ana',
        role: 'analyst',
        password: 'a long analyst passphrase',
      })
      expect(member.status).toBe(201)
      const analyst = client(app)
      const login = await analyst.json('POST', '/api/v1/auth/login', {
        email: 'analyst@acme.test',
        password: 'a long analyst passphrase',
      })
      expect(login.status).toBe(200)
      const refused = await analyst.json('PUT', consentPath(), {
        emailLegitimateInterest: true,
        legitimateInterestBasis: 'Service surveys after a support ticket (Art. 6(1)(f) GDPR)',
      })
      expect(refused.status).toBe(403)
      expect((await owner.json('GET', consentPath())).body).toMatchObject({ emailLegitimateInterest: false })
    })

    test('with the basis on, unknown consent gets the e-mail and an explicit refusal still never does', async () => {
      const saved = await owner.json('PUT', consentPath(), {
        emailLegitimateInterest: true,
        legitimateInterestBasis: 'Service surveys after a support ticket (Art. 6(1)(f) GDPR)',
      })
      expect(saved.status).toBe(200)
      await ingestCustomer({ customer_id: 'UNKNOWN_LI', email: 'unknown-li@example.com' })
      await ingestCustomer({ customer_id: 'REFUSED', email: 'refused@example.com', email_opt_in: false })
      await ticketClosed('UNKNOWN_LI')
      await ticketClosed('REFUSED')
      await smtp.waitFor(1)
      expect(await emailInvitation('UNKNOWN_LI')).toEqual({ status: 'sent', reason: null })
      expect(mailsTo('unknown-li@example.com')).toHaveLength(1)
      expect(await emailInvitation('REFUSED')).toEqual({ status: 'suppressed', reason: 'opted_out' })
      expect(mailsTo('refused@example.com')).toHaveLength(0)
    })
  })
}
