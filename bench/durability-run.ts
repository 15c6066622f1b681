import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Db, DbKind } from '../src/db/db.js'
import { openPgliteDb } from '../src/db/pglite-db.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { sql } from '../src/db/sql.js'
import { createPostgresDatabase, migratedDataDir, postgresTemplateVariable } from '../src/db/test-db.js'
import { startServerProcess } from './server-process.js'

// The crash drive shared by e2e/durability.test.ts (small) and `npm run bench -- durability` (full size): the
// real server in its own process, survey answers and order batches sent over loopback by concurrent clients,
// SIGKILL mid-stream, a restart on the same port, and clients that retry whatever got no 2xx with the same
// idempotency keys (the answer's clientId, the orders' order_id). Then the database is counted.

export interface DurabilityOptions {
  driver: DbKind
  /** Anonymous survey answers, one request each. */
  answers: number
  /** Orders, sent in batches of `ordersPerRequest`. */
  orders: number
  ordersPerRequest: number
  /** SIGKILLs while requests are in flight, spread evenly over the run. */
  kills: number
  /** Concurrent clients per stream (answers and orders each). */
  connections: number
  log?: (line: string) => void
}

/** One stream's count: ids are the idempotency keys (clientIds or order ids). */
export interface StreamTally {
  requests: number
  /** Requests that got no 2xx (refused connection, reset, 5xx) and were sent again. */
  retried: number
  /** Ids whose request got a 2xx. */
  acknowledged: number
  /** Distinct ids found in the database. */
  stored: number
  /** Ids stored more than once. */
  duplicated: number
  /** Acknowledged ids not in the database. */
  lost: number
  /** Ids in the database that no request carried. */
  unknown: number
}

export interface DurabilityReport {
  driver: DbKind
  kills: number
  seconds: number
  answers: StreamTally
  orders: StreamTally
}

/** Drives answers and orders at a server that is killed and restarted; counts what the database kept. */
export async function runDurability(options: DurabilityOptions): Promise<DurabilityReport> {
  const log = options.log ?? (() => {})
  const target = options.driver === 'postgres' ? await postgresTarget() : await pgliteTarget()
  const started = Date.now()
  let server = await startServerProcess({ ...target.env, RAPPORT_SURVEY_RATE_LIMIT: '0' })
  try {
    const setup = await setUpWorkspace(server.url)
    log(`${options.driver}: server up at ${server.url}, workspace ${setup.workspaceId}`)
    const answers = newStream(answerRequests(setup, options.answers))
    const orders = newStream(orderRequests(setup, options.orders, options.ordersPerRequest))
    const total = options.answers + options.orders
    const acknowledged = () => answers.ids.size + orders.ids.size

    let kills = 0
    let done = false
    const killer = (async () => {
      for (let k = 1; k <= options.kills && !done; k++) {
        const threshold = Math.floor((total * k) / (options.kills + 1))
        while (!done && acknowledged() < threshold) await sleep(5)
        if (done) break
        await server.kill()
        kills++
        log(`${options.driver}: SIGKILL ${kills} after ${acknowledged()} of ${total} acknowledged`)
        server = await startServerProcess({ ...target.env, RAPPORT_SURVEY_RATE_LIMIT: '0' }, server.port)
      }
    })()
    const send = (path: string, init: RequestInit) => fetch(`${server.url}${path}`, init)
    try {
      await Promise.all([drive(answers, options.connections, send), drive(orders, options.connections, send)])
    } finally {
      done = true
      await killer
    }
    // The last acknowledged writes must survive a crash as well: no clean shutdown before counting.
    await server.kill()
    const db = await target.open()
    try {
      return {
        driver: options.driver,
        kills,
        seconds: (Date.now() - started) / 1000,
        answers: tally(
          answers,
          await countIds(
            db,
            sql`select client_id as id, count(*)::int as n from responses
          where survey_id = ${setup.surveyId} group by client_id`,
          ),
        ),
        orders: tally(
          orders,
          await countIds(
            db,
            sql`select external_id as id, count(*)::int as n from orders
          where workspace_id = ${setup.workspaceId} group by external_id`,
          ),
        ),
      }
    } finally {
      await db.close()
    }
  } finally {
    await server.kill()
    await target.dispose()
  }
}

interface Target {
  /** The server's environment for this database. */
  env: Record<string, string>
  /** The database, opened by this process (once the server is gone, for PGlite). */
  open(): Promise<Db>
  dispose(): Promise<void>
}

async function postgresTarget(): Promise<Target> {
  const database = await createPostgresDatabase('rapport_durability', process.env[postgresTemplateVariable])
  return {
    env: { DATABASE_URL: database.url },
    open: async () => openPostgresDb(database.url, { max: 1 }),
    dispose: () => database.drop(),
  }
}

async function pgliteTarget(): Promise<Target> {
  const dataDir = await mkdtemp(join(tmpdir(), 'rapport-durability-'))
  await migratedDataDir(dataDir)
  return {
    env: { RAPPORT_DATA_DIR: dataDir },
    open: () => openPgliteDb({ dataDir }),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  }
}

interface Setup {
  workspaceId: string
  apiKey: string
  surveyId: string
  slug: string
  version: number
}

/** First-run setup over HTTP, an API key, and an active NPS survey with an anonymous link. */
async function setUpWorkspace(url: string): Promise<Setup> {
  const password = `crash ${randomBytes(9).toString('base64url')}`
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Crash',
      workspaceName: 'Crash shop',
      name: 'Olena Owner',
      email: 'owner@crash.test',
      password,
      demo: false,
    }),
  })
  const me = (await expectStatus(setup, 201)) as { workspaces: { id: string }[]; csrfToken: string }
  const workspaceId = me.workspaces[0]!.id
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!
  const key = (await expectStatus(
    await fetch(`${url}/api/v1/workspaces/${workspaceId}/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ name: 'crash drive', scopes: ['read', 'write', 'ingest'] }),
    }),
    201,
  )) as { secret: string }
  const bearer = { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` }
  const survey = (await expectStatus(
    await fetch(`${url}/api/v1/workspaces/${workspaceId}/surveys`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ template: 'transactional_nps' }),
    }),
    201,
  )) as { id: string; slug: string; currentVersion: number }
  await expectStatus(
    await fetch(`${url}/api/v1/workspaces/${workspaceId}/surveys/${survey.id}`, {
      method: 'PUT',
      headers: bearer,
      body: JSON.stringify({ status: 'active' }),
    }),
    200,
  )
  return {
    workspaceId,
    apiKey: key.secret,
    surveyId: survey.id,
    slug: survey.slug,
    version: survey.currentVersion,
  }
}

async function expectStatus(response: Response, status: number): Promise<unknown> {
  const body = await response.text()
  if (response.status !== status)
    throw new Error(`${response.url}: expected ${status}, got ${response.status} ${body.slice(0, 500)}`)
  return JSON.parse(body)
}

/** A request that stores `ids`, sent again until it gets a 2xx. */
interface Request {
  ids: string[]
  path: string
  init: RequestInit
}

function* answerRequests(setup: Setup, count: number): Generator<Request> {
  for (let i = 0; i < count; i++) {
    const clientId = `crash-answer-${String(i).padStart(7, '0')}`
    yield {
      ids: [clientId],
      path: `/api/v1/public/surveys/${setup.slug}/responses`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          clientId,
          continuationSecret: `${clientId}-secret`,
          version: setup.version,
          language: 'en',
          answers: { nps: i % 11 },
          complete: true,
        }),
      },
    }
  }
}

function* orderRequests(setup: Setup, count: number, perRequest: number): Generator<Request> {
  for (let first = 0; first < count; first += perRequest) {
    const records = []
    for (let i = first; i < Math.min(count, first + perRequest); i++) {
      records.push({
        customer_id: `C-${i % 997}`,
        order_id: `crash-order-${String(i).padStart(7, '0')}`,
        ordered_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        amount: `${(i % 200) + 1}.50`,
        currency: 'EUR',
      })
    }
    yield {
      ids: records.map((r) => r.order_id),
      path: `/api/v1/workspaces/${setup.workspaceId}/ingest/orders`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.apiKey}` },
        body: JSON.stringify({ records }),
      },
    }
  }
}

interface Stream {
  pending: Iterator<Request>
  requests: number
  retried: number
  /** Every id sent, and the acknowledged ones. */
  sent: Set<string>
  ids: Set<string>
}

function newStream(requests: Iterator<Request>): Stream {
  return { pending: requests, requests: 0, retried: 0, sent: new Set(), ids: new Set() }
}

/** `connections` clients take the stream's requests in turn; each retries its request until a 2xx. */
async function drive(
  stream: Stream,
  connections: number,
  send: (path: string, init: RequestInit) => Promise<Response>,
): Promise<void> {
  const client = async () => {
    for (let next = stream.pending.next(); !next.done; next = stream.pending.next()) {
      const request = next.value
      for (const id of request.ids) stream.sent.add(id)
      for (let attempt = 1; ; attempt++) {
        stream.requests++
        if (await acknowledged(send, request)) break
        stream.retried++
        // While the server restarts, the clients back off (up to a fifth of a second) instead of spinning.
        await sleep(Math.min(200, 10 * attempt) * (0.5 + Math.random()))
      }
      for (const id of request.ids) stream.ids.add(id)
    }
  }
  await Promise.all(Array.from({ length: connections }, client))
}

/** Whether the server acknowledged the request; a 2xx whose report refused a record is a bug, not a retry. */
async function acknowledged(
  send: (path: string, init: RequestInit) => Promise<Response>,
  request: Request,
): Promise<boolean> {
  let response: Response
  let body: string
  try {
    response = await send(request.path, { ...request.init, signal: AbortSignal.timeout(30_000) })
    body = await response.text()
  } catch {
    return false // refused, reset or cut off by the kill: the client cannot know whether it was stored
  }
  if (response.status >= 500) return false
  if (response.status < 200 || response.status >= 300)
    throw new Error(`${request.path}: ${response.status} ${body.slice(0, 500)}`)
  const report = JSON.parse(body) as { errors?: unknown[] }
  if (report.errors && report.errors.length > 0)
    throw new Error(`${request.path}: records refused: ${JSON.stringify(report.errors).slice(0, 500)}`)
  return true
}

async function countIds(db: Db, query: ReturnType<typeof sql>): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; n: number }>(query)
  return new Map(rows.map((r) => [r.id, r.n]))
}

function tally(stream: Stream, stored: Map<string, number>): StreamTally {
  let duplicated = 0
  let unknown = 0
  for (const [id, n] of stored) {
    if (n > 1) duplicated++
    if (!stream.sent.has(id)) unknown++
  }
  let lost = 0
  for (const id of stream.ids) if (!stored.has(id)) lost++
  return {
    requests: stream.requests,
    retried: stream.retried,
    acknowledged: stream.ids.size,
    stored: stored.size,
    duplicated,
    lost,
    unknown,
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
