import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from '../bench/server-process.js'
import { setupOwner } from '../src/access/setup.js'
import { createUser } from '../src/access/users.js'
import { ORDERS_CHANGED_JOB } from '../src/customers/orders-changed.js'
import type { Db } from '../src/db/db.js'
import { migrate } from '../src/db/migrate.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { createPostgresDatabase, postgresReachable, postgresTemplateVariable } from '../src/db/test-db.js'
import { enqueueJob } from '../src/jobs/queries.js'
import { EMAIL_JOB, emailJobKey } from '../src/surveys/email/send-survey-email.js'
import { startTestSmtp, type TestSmtp } from '../src/surveys/email/test-smtp.js'
import { createInvitation } from '../src/surveys/invitations.js'
import { newProgramSchema } from '../src/surveys/programs/program.js'
import { createProgram } from '../src/surveys/programs/programs.sql.js'
import { DELIVER_JOB } from '../src/surveys/programs/scan-events.js'
import { deliveryWorkspace } from '../src/surveys/programs/test-delivery.js'

// Two `rapport serve` processes on one PostgreSQL database, the first step of scaling out: each runs its own
// job worker, and neither may run a job the other ran; a session begun on one works on the other; and the
// limits on what strangers may send hold across both.

const DELIVERIES = 15
const REMINDERS = 15
const RECOMPUTATIONS = 5
const ANSWER_LIMIT = 5

describe.skipIf(!(await postgresReachable()))('two servers, one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>
  let db: Db
  let smtp: TestSmtp
  let a: ServerProcess
  let b: ServerProcess
  let shop: Awaited<ReturnType<typeof deliveryWorkspace>>
  const owner = { email: 'owner@two.test', password: 'two servers share one database' }

  beforeAll(async () => {
    const template = process.env[postgresTemplateVariable]
    database = await createPostgresDatabase('rapport_two_servers', template)
    db = openPostgresDb(database.url, { max: 2 })
    if (!template) await migrate(db)
    const { user } = await setupOwner(db, {
      organizationName: 'Two',
      workspaceName: 'Two shop',
      name: 'Olena Owner',
      ...owner,
    })
    for (const name of ['alone', 'shared'])
      await createUser(db, {
        organizationId: user.organizationId,
        email: `${name}@two.test`,
        name,
        password: owner.password,
      })
    const customers = Array.from({ length: DELIVERIES + REMINDERS }, (_, i) => ({
      externalId: `C${i}`,
      name: `Customer ${i}`,
    }))
    shop = await deliveryWorkspace(db, customers)
    smtp = await startTestSmtp()
    const env = {
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      RAPPORT_SURVEY_RATE_LIMIT: String(ANSWER_LIMIT),
    }
    // Started at once, as a deployment would: the second waits for the first one's migration check.
    ;[a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)])
  })

  afterAll(async () => {
    await a?.kill()
    await b?.kill()
    await smtp?.close()
    await db?.close()
    await database?.drop()
  })

  it('runs every job once: deliveries, invitation e-mails, reminders and recomputations', async () => {
    const program = await createProgram(
      db,
      shop.workspaceId,
      newProgramSchema.parse({
        name: 'After delivery',
        surveyId: shop.surveyId,
        channel: 'email',
        triggerEvent: 'order_delivered',
        respectQuietHours: false,
      }),
    )
    const customerIds = Object.values(shop.customerIds)
    const delivered = customerIds.slice(0, DELIVERIES)
    const reminded = customerIds.slice(DELIVERIES)
    for (const customerId of reminded) {
      const { invitation } = await createInvitation(db, {
        workspaceId: shop.workspaceId,
        surveyId: shop.surveyId,
        customerId,
        channel: 'email',
        status: 'sent',
      })
      await enqueueJob(db, {
        kind: EMAIL_JOB,
        workspaceId: shop.workspaceId,
        payload: { workspaceId: shop.workspaceId, invitationId: invitation.id, reminder: 1 },
        dedupeKey: emailJobKey(invitation.id, 1),
      })
    }
    for (const customerId of delivered)
      await enqueueJob(db, {
        kind: DELIVER_JOB,
        workspaceId: shop.workspaceId,
        payload: { programId: program.id, workspaceId: shop.workspaceId, customerId, eventId: randomUUID() },
        dedupeKey: `two-servers:deliver:${customerId}`,
      })
    for (let i = 0; i < RECOMPUTATIONS; i++)
      await enqueueJob(db, {
        kind: ORDERS_CHANGED_JOB,
        workspaceId: shop.workspaceId,
        dedupeKey: `two-servers:recompute:${i}`,
      })

    // A delivery queues its invitation e-mail, which runs as a job of its own.
    await until(async () => (await dueJobs(db)) === 0 && smtp.messages.length >= DELIVERIES + REMINDERS)
    await new Promise((r) => setTimeout(r, 2500)) // two more polls of each worker: nothing runs twice late

    const jobs = await db.query<{ kind: string; status: string; attempts: number; lastError: string | null }>(
      sql`select kind, status, attempts, last_error as "lastError" from jobs where run_at <= now()`,
    )
    const byKind = (kind: string) => jobs.filter((j) => j.kind === kind)
    expect(byKind(DELIVER_JOB)).toHaveLength(DELIVERIES)
    expect(byKind(EMAIL_JOB)).toHaveLength(DELIVERIES + REMINDERS)
    expect(byKind(ORDERS_CHANGED_JOB)).toHaveLength(RECOMPUTATIONS)
    // Claimed once each (a second claim would count a second attempt), and run to the end.
    expect(jobs.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([])

    const recipients = smtp.messages.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.text)
    expect(recipients).toHaveLength(DELIVERIES + REMINDERS)
    expect(new Set(recipients).size).toBe(DELIVERIES + REMINDERS)
    const invitations = await db.query<{
      customerId: string
      n: number
    }>(sql`select customer_id as "customerId",
      count(*)::int as n from invitations where workspace_id = ${shop.workspaceId} group by customer_id`)
    expect(invitations.filter((i) => i.n !== 1)).toEqual([])
    expect(invitations).toHaveLength(DELIVERIES + REMINDERS)
  })

  it('takes a session begun on one server on the other, and ends it there for both', async () => {
    const login = await send(a, 'POST', '/api/v1/auth/login', owner)
    expect(login.status).toBe(200)
    const cookie = login.setCookie.split(';')[0]!
    const csrf = (login.body as { csrfToken: string }).csrfToken
    const workspaceId = (login.body as { workspaces: { id: string }[] }).workspaces[0]!.id

    const me = await send(b, 'GET', '/api/v1/me', undefined, { cookie })
    expect(me.status).toBe(200)
    expect((me.body as { user: { email: string } }).user.email).toBe(owner.email)
    const key = await send(
      b,
      'POST',
      `/api/v1/workspaces/${workspaceId}/api-keys`,
      { name: 'made on B', scopes: ['read'] },
      { cookie, 'x-csrf-token': csrf },
    )
    expect(key.status).toBe(201)

    expect(
      (await send(b, 'POST', '/api/v1/auth/logout', undefined, { cookie, 'x-csrf-token': csrf })).status,
    ).toBe(204)
    expect((await send(a, 'GET', '/api/v1/me', undefined, { cookie })).status).toBe(401)
  })

  // The limits are counted in the database, so alternating between the servers cannot double them.
  it(`limits anonymous answers to ${ANSWER_LIMIT} a minute per address across both servers`, async () => {
    const [survey] = await db.query<{ slug: string }>(
      sql`select slug from surveys where id = ${shop.surveyId}`,
    )
    const statuses: number[] = []
    for (let i = 0; i <= ANSWER_LIMIT; i++) {
      const answer = {
        clientId: `two-servers-${i}`,
        continuationSecret: `two-servers-secret-${i}`,
        version: 1,
        language: 'en',
        answers: { nps: 9 },
        complete: true,
      }
      const server = i % 2 === 0 ? a : b
      const path = `/api/v1/public/surveys/${survey!.slug}/responses`
      statuses.push((await send(server, 'POST', path, answer, {}, '127.0.0.4')).status)
    }
    expect(statuses).toEqual([...Array(ANSWER_LIMIT).fill(200), 429])
  })

  // The throttle's thresholds are its own: this asks only that wrong passwords sent alternately to both servers
  // are refused no later than the same number sent to one.
  it('throttles wrong passwords across both servers as soon as on one', async () => {
    const wrong = (email: string) => ({ email, password: 'not the password at all' })
    let alone = 0
    for (let n = 1; n <= 40 && alone === 0; n++) {
      const response = await send(a, 'POST', '/api/v1/auth/login', wrong('alone@two.test'), {}, '127.0.0.2')
      if (response.status === 429) alone = n
    }
    expect(alone, 'one server alone throttles wrong passwords').toBeGreaterThan(0)
    let shared = 0
    for (let n = 1; n <= alone && shared === 0; n++) {
      const server = n % 2 === 0 ? a : b
      const response = await send(
        server,
        'POST',
        '/api/v1/auth/login',
        wrong('shared@two.test'),
        {},
        '127.0.0.3',
      )
      if (response.status === 429) shared = n
    }
    expect(shared).toBeGreaterThan(0)
  })
})

async function dueJobs(db: Db): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from jobs where status in ('pending', 'running') and run_at <= now()`,
  )
  return row!.n
}

async function until(done: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the jobs')
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** A request over a socket of its own, from `localAddress` (any 127.x.y.z is loopback: a client address). */
function send(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  localAddress = '127.0.0.1',
): Promise<{ status: number; body: unknown; setCookie: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        localAddress,
        agent: false,
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          text += chunk
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
            setCookie: [response.headers['set-cookie'] ?? []].flat().join(', '),
          }),
        )
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}
