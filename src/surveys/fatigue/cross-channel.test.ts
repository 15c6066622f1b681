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
import { signWidgetToken } from '../widget/widget-token.js'

// Quarantine and consent hold across channels (e-mail programs and the website widget), and every
// invitation that was not sent says why — on the customer's page and in the program's funnel.

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`fatigue across channels on ${driver.name}`, () => {
    let db: Db
    let smtp: TestSmtp
    let worker: Worker
    let owner: TestClient
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let ws: string
    let secret: string
    let emailProgram: string
    let emailSurvey: string
    let widgetProgram: string
    const ids: Record<string, string> = {}

    const addCustomer = async (
      externalId: string,
      extra: { email?: string | null; optedOut?: boolean } = {},
    ) => {
      const [row] = await db.query<{
        id: string
      }>(sql`insert into customers (workspace_id, external_id, name, email, language, opted_out, email_opt_in)
        values (${ws}, ${externalId}, ${externalId}, ${extra.email === undefined ? `${externalId.toLowerCase()}@example.com` : extra.email},
          'en', ${extra.optedOut ?? false}, true) returning id`)
      ids[externalId] = row!.id
    }
    const ticketClosed = async (...externalIds: string[]) => {
      const response = await owner.json('POST', `/api/v1/workspaces/${ws}/ingest/events`, {
        records: externalIds.map((id, i) => ({
          customer_id: id,
          type: 'ticket_closed',
          occurred_at: new Date().toISOString(),
          event_id: `${id}-${Date.now()}-${i}`,
        })),
      })
      expect(response.status).toBe(200)
      await scanEvents(db, 0)
      await worker.tick()
    }
    const ask = async (externalId: string, programId = widgetProgram, token?: string) => {
      const response = await app.request(`/api/public/widget/${ws}/ask`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({
          programId,
          customer: externalId,
          token: token ?? signWidgetToken(secret, ws, externalId, new Date(Date.now() + 3_600_000)),
        }),
      })
      return {
        status: response.status,
        body: (await response.json()) as { show?: boolean; reason?: string; url?: string },
      }
    }
    const invitations = async (externalId: string) =>
      db.query<{ channel: string; status: string; reason: string | null }>(sql`select channel, status,
        suppressed_reason as reason from invitations where customer_id = ${ids[externalId]} order by created_at`)

    beforeAll(async () => {
      db = await driver.open()
      smtp = await startTestSmtp()
      ;({ app } = await testApp(db))
      const setup = await setUp(app)
      owner = setup.owner
      ws = setup.workspaceId
      const survey = await createSurvey(db, ws, {
        name: 'Support',
        touchpoint: 'support',
        npsKind: 'transactional',
        definition: npsDefinition,
        status: 'active',
      })
      const settings = {
        quarantineDays: 30,
        maxPer90Days: 3,
        quietStart: 0,
        quietEnd: 0,
        timezone: 'Europe/Riga',
      }
      expect(
        (await owner.json('PUT', `/api/v1/workspaces/${ws}/survey-delivery/settings`, settings)).status,
      ).toBe(200)
      const email = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/survey-programs`, {
        name: 'CES after a ticket',
        surveyId: survey.id,
        channel: 'email',
        triggerEvent: 'ticket_closed',
      })
      expect(email.status).toBe(201)
      emailProgram = email.body.id
      emailSurvey = survey.id
      const widget = await owner.json<{ id: string }>('POST', `/api/v1/workspaces/${ws}/survey-programs`, {
        name: 'Website NPS',
        surveyId: survey.id,
        channel: 'widget',
        widget: { on: 'page_view' },
      })
      expect(widget.status).toBe(201)
      widgetProgram = widget.body.id
      secret = (
        await owner.json<{ secret: string }>('GET', `/api/v1/workspaces/${ws}/survey-delivery/widget`)
      ).body.secret
      const config = loadConfig({ SMTP_URL: smtp.url })
      worker = createWorker({
        db,
        handlers: surveyDeliveryWork({ config, baseUrl: 'http://rapport.test', segments: surveySegments })
          .handlers,
      })
      for (const id of ['EMAIL_FIRST', 'WIDGET_FIRST', 'UNSUBSCRIBED']) await addCustomer(id)
      await addCustomer('OPTED_OUT', { optedOut: true })
      await addCustomer('NO_EMAIL', { email: null })
      await scanEvents(db, 0)
    })
    afterAll(async () => {
      await smtp?.close()
      await db?.close()
    })

    test('an e-mail invitation puts the person in quarantine for the widget too', async () => {
      await ticketClosed('EMAIL_FIRST')
      await smtp.waitFor(1)
      expect(await ask('EMAIL_FIRST')).toEqual({ status: 200, body: { show: false, reason: 'suppressed' } })
      // Asking again on the next page view records nothing new.
      expect((await ask('EMAIL_FIRST')).body.show).toBe(false)
      expect(await invitations('EMAIL_FIRST')).toEqual([
        { channel: 'email', status: 'sent', reason: null },
        { channel: 'widget', status: 'suppressed', reason: 'quarantine' },
      ])
    })

    test('a survey shown by the widget puts the person in quarantine for e-mail too', async () => {
      const shown = await ask('WIDGET_FIRST')
      expect(shown.body.show).toBe(true)
      expect(shown.body.url).toMatch(/\/s\/i\/[0-9a-f]{32}\.[\w-]{22}\?lang=en&mode=conversation$/)
      const mails = smtp.messages.length
      await ticketClosed('WIDGET_FIRST')
      expect(smtp.messages.length).toBe(mails)
      expect(await invitations('WIDGET_FIRST')).toEqual([
        { channel: 'widget', status: 'sent', reason: null },
        { channel: 'email', status: 'suppressed', reason: 'quarantine' },
      ])
    })

    test('opt-out and unsubscribes are honoured by every channel; no address means no e-mail channel', async () => {
      await db.query(
        sql`insert into survey_unsubscribes (workspace_id, customer_id) values (${ws}, ${ids.UNSUBSCRIBED})`,
      )
      await ticketClosed('OPTED_OUT', 'UNSUBSCRIBED', 'NO_EMAIL')
      expect((await ask('OPTED_OUT')).body.show).toBe(false)
      expect((await ask('UNSUBSCRIBED')).body.show).toBe(false)
      expect(await invitations('OPTED_OUT')).toEqual([
        { channel: 'email', status: 'suppressed', reason: 'opted_out' },
        { channel: 'widget', status: 'suppressed', reason: 'opted_out' },
      ])
      expect(await invitations('UNSUBSCRIBED')).toEqual([
        { channel: 'email', status: 'suppressed', reason: 'opted_out' },
        { channel: 'widget', status: 'suppressed', reason: 'opted_out' },
      ])
      expect(await invitations('NO_EMAIL')).toEqual([
        { channel: 'email', status: 'suppressed', reason: 'no_channel' },
      ])
      // The widget can still reach someone without an e-mail address.
      expect((await ask('NO_EMAIL')).body.show).toBe(true)
    })

    test('a token signed for someone else, or forged, is refused', async () => {
      const forOther = signWidgetToken(secret, ws, 'EMAIL_FIRST', new Date(Date.now() + 60_000))
      expect((await ask('WIDGET_FIRST', widgetProgram, forOther)).status).toBe(401)
      expect(
        (await ask('WIDGET_FIRST', widgetProgram, `${Math.floor(Date.now() / 1000) + 60}.${'x'.repeat(43)}`))
          .status,
      ).toBe(401)
    })

    test('a token valid for a century is refused with a 400 naming the token', async () => {
      const century = signWidgetToken(secret, ws, 'WIDGET_FIRST', new Date(Date.now() + 36_525 * 86_400_000))
      const response = await ask('WIDGET_FIRST', widgetProgram, century)
      expect(response.status).toBe(400)
      expect(JSON.stringify(response.body)).toContain('token')
      expect(JSON.stringify(response.body)).toContain('30 days')
    })

    test('every suppressed invitation has its reason, on the customer page and in the funnel', async () => {
      const [{ missing }] = (await db.query<{
        missing: number
      }>(sql`select count(*)::int as missing from invitations
        where status = 'suppressed' and suppressed_reason is null`)) as [{ missing: number }]
      expect(missing).toBe(0)
      const page = await owner.json<{
        items: { channel: string; status: string; suppressedReason: string | null; programName: string }[]
      }>('GET', `/api/v1/workspaces/${ws}/customers/${ids.EMAIL_FIRST}/survey-invitations`)
      expect(page.status).toBe(200)
      expect(page.body.items.map((i) => [i.channel, i.status, i.suppressedReason, i.programName])).toEqual([
        ['widget', 'suppressed', 'quarantine', 'Website NPS'],
        ['email', 'sent', null, 'CES after a ticket'],
      ])
      // E-mail program: EMAIL_FIRST sent; WIDGET_FIRST quarantine; OPTED_OUT, UNSUBSCRIBED opted out; NO_EMAIL no channel.
      const email = await owner.json<{ funnel: Record<string, unknown> }>(
        'GET',
        `/api/v1/workspaces/${ws}/survey-programs/${emailProgram}`,
      )
      expect(email.body.funnel).toEqual({
        eligible: 5,
        invited: 1,
        opened: 0,
        started: 0,
        completed: 0,
        pending: 0,
        suppressed: [
          { reason: 'opted_out', count: 2 },
          { reason: 'no_channel', count: 1 },
          { reason: 'quarantine', count: 1 },
        ],
      })
      // Widget: WIDGET_FIRST and NO_EMAIL shown; EMAIL_FIRST quarantine; OPTED_OUT, UNSUBSCRIBED opted out.
      const widget = await owner.json<{ funnel: { eligible: number; invited: number } }>(
        'GET',
        `/api/v1/workspaces/${ws}/survey-programs/${widgetProgram}`,
      )
      expect(widget.body.funnel.eligible).toBe(5)
      expect(widget.body.funnel.invited).toBe(2)
    })

    test('the 90-day cap holds when the quarantine is off, and a 0% sample sends nothing', async () => {
      await addCustomer('FREQUENT')
      await db.query(
        sql`update survey_programs set quarantine_days = 0, max_per_90_days = 2 where id = ${emailProgram}`,
      )
      await ticketClosed('FREQUENT')
      await ticketClosed('FREQUENT')
      await ticketClosed('FREQUENT')
      expect((await invitations('FREQUENT')).map((i) => i.reason)).toEqual([null, null, 'cap'])
      await addCustomer('UNLUCKY')
      await db.query(sql`update survey_programs set sample_percent = 0 where id = ${emailProgram}`)
      await ticketClosed('UNLUCKY')
      expect(await invitations('UNLUCKY')).toEqual([
        { channel: 'email', status: 'suppressed', reason: 'sampled_out' },
      ])
    })

    test('programs are checked: an e-mail program needs its event and its survey, a segment must be one the segments capability knows', async () => {
      const base = { name: 'x', surveyId: '00000000-0000-4000-8000-000000000000', channel: 'email' }
      const noEvent = await owner.json<{ error: { details: { field: string }[] } }>(
        'POST',
        `/api/v1/workspaces/${ws}/survey-programs`,
        base,
      )
      expect(noEvent.status).toBe(400)
      expect(noEvent.body.error.details[0]?.field).toBe('triggerEvent')
      const foreign = await owner.json<{ error: { message: string } }>(
        'POST',
        `/api/v1/workspaces/${ws}/survey-programs`,
        {
          ...base,
          triggerEvent: 'x',
        },
      )
      expect(foreign.status).toBe(400)
      expect(foreign.body.error.message).toContain('surveyId')
      const bySegment = (segmentId: string) =>
        owner.json<{ error: { details: { field: string }[] } }>(
          'POST',
          `/api/v1/workspaces/${ws}/survey-programs`,
          {
            ...base,
            surveyId: emailSurvey,
            triggerEvent: 'x',
            audience: { segmentId },
          },
        )
      const unknownSegment = await bySegment('abc:Q')
      expect(unknownSegment.status).toBe(400)
      expect(unknownSegment.body.error.details[0]!.field).toBe('audience.segmentId')
      expect((await bySegment('abc:A')).status).toBe(201)
      const viewer = client(app)
      expect((await viewer.json('GET', `/api/v1/workspaces/${ws}/survey-programs`)).status).toBe(401)
    })
  })
}
