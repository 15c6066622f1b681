import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startInboundSmtp } from '../cases/inbound-smtp.js'
import { caseWorkspace, npsSurvey } from '../cases/test-cases.js'
import { deliverDueWebhooks } from '../cases/webhook-delivery.js'
import { verifySignature } from '../cases/webhooks.js'
import { scanResponses } from '../cases/work.js'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { pgliteTestDb } from '../db/test-db.js'
import { completedResponsesAfter } from '../feedback/completed-responses.js'
import { startTestSmtp, type TestSmtp } from '../surveys/email/test-smtp.js'
import { createApp } from './app.js'
import { readCaseSignals } from './case-signals.js'
import { client } from './test-client.js'

// The loop closed over HTTP: a detractor's answer opens a case, the reply goes out by real SMTP, the customer's
// answer comes back through the inbound SMTP receiver and the relay, the case is resolved with a summary, and
// a receiver on loopback gets the signed events.

type Json = Record<string, unknown>

describe('the closed loop over HTTP', () => {
  let db: Db
  let smtp: TestSmtp
  let receiver: Server
  let received: { headers: Record<string, string | string[] | undefined>; body: string }[]
  let ws: Awaited<ReturnType<typeof caseWorkspace>>
  let owner: ReturnType<typeof client>
  let agent: string

  beforeAll(async () => {
    db = await pgliteTestDb()
    smtp = await startTestSmtp()
    received = []
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      req.on('end', () => {
        received.push({ headers: req.headers, body })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const app = createApp({
      db,
      config: loadConfig({
        SMTP_URL: smtp.url,
        RAPPORT_INBOUND_DOMAIN: 'in.shop.test',
        RAPPORT_WEBHOOK_ALLOW_PRIVATE: 'true',
      }),
      webDir: '/nonexistent',
    })
    ws = await caseWorkspace(db)
    agent = await ws.person('Agent', 'agent', ws.units.north.id)
    // A logged-in owner: the session is made the way login does, through the API.
    await db.query(
      sql`update users set password_hash = ${await hashFor('correct horse battery')} where id = ${await ws.person('Boss', 'owner', null)}`,
    )
    owner = client(app)
    const [boss] = await db.query<{ email: string }>(sql`select email from users where name = 'Boss'`)
    const login = await owner.json('POST', '/api/v1/auth/login', {
      email: boss!.email,
      password: 'correct horse battery',
    })
    expect(login.status).toBe(200)
  })
  afterAll(async () => {
    await smtp.close()
    await new Promise<void>((resolve) => receiver.close(() => resolve()))
    await db.close()
  })

  test('detractor → case → e-mail reply → customer answers → resolved with a summary; events signed', async () => {
    const base = `/api/v1/workspaces/${ws.workspaceId}`
    const port = (receiver.address() as AddressInfo).port
    const hook = await owner.json<{ secret: string }>('POST', `${base}/webhook-endpoints`, {
      url: `http://127.0.0.1:${port}/hooks`,
      events: ['response.completed', 'case.opened', 'case.resolved'],
    })
    expect(hook.status).toBe(201)

    const customer = await ws.customer('D-1', ws.units.riga.id, 'dana@customer.test')
    const survey = await npsSurvey(db, ws.workspaceId)
    await scanResponses(db, completedResponsesAfter, new Date())
    await survey.answer(
      customer,
      { nps: 3, why: 'late', comment: 'Two days late.' },
      new Date(),
      ws.units.riga.id,
    )
    expect(await scanResponses(db, completedResponsesAfter, new Date(Date.now() + 1000))).toBe(1)

    const inbox = await owner.json<{ items: Json[]; total: number }>('GET', `${base}/cases?owner=${agent}`)
    expect(inbox.status).toBe(200)
    expect(inbox.body.total).toBe(1)
    const k = inbox.body.items[0]!
    expect(k).toMatchObject({
      status: 'new',
      priority: 'high',
      rule: 'Detractor',
      customerName: 'Customer D-1',
    })
    expect(String(k.subject)).toContain('NPS 3')

    const reply = await owner.json<Json>('POST', `${base}/cases/${k.id}/replies`, {
      body: 'We are sorry — the courier was late. A refund is on its way.',
    })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({ status: 'in_progress' })
    const [mail] = await smtp.waitFor(1)
    expect(mail!.to && 'text' in mail!.to ? mail!.to.text : '').toContain('dana@customer.test')
    // The customer's language is Latvian: the subject and footer say so.
    expect(mail!.subject).toBe(`Par jūsu atsauksmi [#${k.number}]`)
    const replyTo = mail!.replyTo?.value[0]?.address ?? ''
    expect(replyTo).toMatch(/^reply\+[a-z0-9]+\.[a-z0-9_-]+@in\.shop\.test$/)

    await owner.json('PATCH', `${base}/cases/${k.id}`, { status: 'waiting_on_customer' })
    // The customer answers by SMTP to our receiver.
    const inbound = await startInboundSmtp(db, 0, '127.0.0.1')
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inbound.port,
      secure: false,
      ignoreTLS: true,
    })
    await transport.sendMail({
      from: 'dana@customer.test',
      to: replyTo,
      subject: `Re: ${mail!.subject}`,
      inReplyTo: mail!.messageId,
      text: 'Thank you, refund received.\n\nOn Monday you wrote:\n> We are sorry',
    })
    await inbound.close()
    const after = await owner.json<{ status: string; events: Json[] }>('GET', `${base}/cases/${k.id}`)
    expect(after.body.status).toBe('in_progress')
    const answer = after.body.events.find((e) => e.kind === 'inbound')
    expect(answer?.body).toBe('Thank you, refund received.')

    // The relay path: raw MIME posted to the workspace's inbound path; a wrong token lands nowhere.
    const settings = await owner.json<{ inboundRelayPath: string }>('GET', `${base}/case-settings`)
    const raw = `From: dana@customer.test\r\nTo: ${replyTo}\r\nSubject: Re\r\nMessage-ID: <relay-1@customer.test>\r\n\r\nOne more thing.\r\n`
    const relayed = await owner.request('POST', settings.body.inboundRelayPath, raw, {
      'content-type': 'message/rfc822',
    })
    expect(relayed.status).toBe(200)
    const wrong = await owner.request('POST', '/api/v1/public/inbound-email/nottheone', raw, {
      'content-type': 'message/rfc822',
    })
    expect(wrong.status).toBe(404)

    const refused = await owner.json<{ error: { details: { field: string }[] } }>(
      'PATCH',
      `${base}/cases/${k.id}`,
      {
        status: 'resolved',
      },
    )
    expect(refused.status).toBe(400)
    expect(refused.body.error.details[0]?.field).toBe('resolutionSummary')
    const resolved = await owner.json<Json>('PATCH', `${base}/cases/${k.id}`, {
      status: 'resolved',
      resolutionSummary: 'Refunded the delivery fee; Riga deliveries now get a courier call-ahead.',
    })
    expect(resolved.body).toMatchObject({ status: 'resolved' })

    const conversation = await owner.json<{ items: Json[] }>('GET', `${base}/case-conversations/${customer}`)
    expect(conversation.body.items.map((e) => e.kind)).toEqual([
      'opened',
      'reply',
      'inbound',
      'inbound',
      'resolved',
    ])

    expect(await deliverDueWebhooks(db, { allowPrivate: true })).toBe(3)
    const types = received.map((r) => r.headers['rapport-event']).sort()
    expect(types).toEqual(['case.opened', 'case.resolved', 'response.completed'])
    for (const r of received)
      expect(verifySignature(hook.body.secret, r.body, String(r.headers['rapport-signature']))).toBe(true)
    expect(
      verifySignature('whsec_wrong', received[0]!.body, String(received[0]!.headers['rapport-signature'])),
    ).toBe(false)
    expect(
      verifySignature(
        hook.body.secret,
        `${received[0]!.body} `,
        String(received[0]!.headers['rapport-signature']),
      ),
    ).toBe(false)
  }, 60_000)

  test('the signal reader runs on stored results (none yet: no signal)', async () => {
    expect(await readCaseSignals(db, ws.workspaceId, 20)).toEqual([])
  })

  async function hashFor(password: string) {
    const { hashPassword } = await import('../access/passwords.js')
    return hashPassword(password)
  }
})
