import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { secondPool, testDrivers } from '../db/test-db.js'
import type { AppEnv } from '../http/app-env.js'
import { createApp } from '../server/app.js'
import { setUp } from '../server/test-client.js'
import { createInvitation } from '../surveys/invitations.js'
import { npsDefinition } from '../surveys/test-survey.js'

const LIMIT = 3

/** An answer from a socket address (in-process requests have none unless given one). */
async function answer(app: Hono<AppEnv>, path: string, clientId: string, address: string) {
  const response = await app.request(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId,
        continuationSecret: `${clientId}-secret-0000`,
        version: 1,
        language: 'en',
        answers: { nps: 9 },
      }),
    },
    { incoming: { socket: { remoteAddress: address, remotePort: 50_000, remoteFamily: 'IPv4' } } },
  )
  const body = (await response.json()) as {
    error?: { code: string; details?: { retryAfterSeconds: number } }
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body }
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`public answer rate limits on ${driver.name}`, () => {
    let db: Db
    let other: Db
    let app: Hono<AppEnv>
    let otherApp: Hono<AppEnv>
    let workspaceId: string
    let survey: { id: string; slug: string }
    let customerId: string
    let now = new Date('2026-03-02T10:00:00Z')

    beforeAll(async () => {
      db = await driver.open()
      other = await secondPool(db)
      const config = loadConfig({ RAPPORT_SURVEY_RATE_LIMIT: String(LIMIT) })
      app = createApp({ db, config, webDir: '/nonexistent', now: () => now })
      otherApp = createApp({ db: other, config, webDir: '/nonexistent', now: () => now })
      const { owner, workspaceId: ws } = await setUp(app)
      workspaceId = ws
      const created = await owner.json<typeof survey>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        name: 'Delivery',
        touchpoint: 'order_delivered',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      survey = created.body
      await owner.json('PUT', `/api/v1/workspaces/${ws}/surveys/${survey.id}`, { status: 'active' })
      const [customer] = await db.query<{ id: string }>(
        sql`insert into customers (workspace_id, external_id) values (${ws}, 'C-1') returning id`,
      )
      customerId = customer!.id
    })

    afterAll(async () => {
      await other.close()
      await db.close()
    })

    async function personalLink() {
      const { token } = await createInvitation(db, {
        workspaceId,
        surveyId: survey.id,
        customerId,
        channel: 'email',
      })
      return `/api/v1/public/invitations/${token}/responses`
    }

    test('personal-link answers from one address are limited per minute, with Retry-After', async () => {
      now = new Date('2026-03-02T10:00:45Z')
      const statuses: number[] = []
      for (let i = 0; i < LIMIT; i++)
        statuses.push((await answer(app, await personalLink(), `personal-${i}-abc`, '198.51.100.1')).status)
      expect(statuses).toEqual(Array(LIMIT).fill(200))
      const refused = await answer(app, await personalLink(), 'personal-x-abc', '198.51.100.1')
      expect(refused.status).toBe(429)
      expect(refused.retryAfter).toBe('15')
      expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 15 } })
      // Another address is not held up, and the next minute the first one may answer again.
      expect((await answer(app, await personalLink(), 'personal-y-abc', '198.51.100.2')).status).toBe(200)
      now = new Date('2026-03-02T10:01:00Z')
      expect((await answer(app, await personalLink(), 'personal-z-abc', '198.51.100.1')).status).toBe(200)
    })

    test('guessed personal-link tokens are counted too', async () => {
      now = new Date('2026-03-02T11:00:00Z')
      const guess = (i: number) => `/api/v1/public/invitations/guessed-token-${i}/responses`
      const statuses: number[] = []
      for (let i = 0; i <= LIMIT; i++)
        statuses.push((await answer(app, guess(i), `guess-${i}-abcd`, '198.51.100.3')).status)
      expect(statuses).toEqual([...Array(LIMIT).fill(404), 429])
    })

    test('the limits hold across two servers on one database', async () => {
      now = new Date('2026-03-02T12:00:00Z')
      const anonymous = `/api/v1/public/surveys/${survey.slug}/responses`
      const apps = [app, otherApp, app, otherApp]
      const statuses: number[] = []
      for (const [i, server] of apps.entries())
        statuses.push((await answer(server, anonymous, `anonymous-${i}-abc`, '198.51.100.4')).status)
      expect(statuses).toEqual([200, 200, 200, 429])
      const personal = [app, otherApp, otherApp, app]
      statuses.length = 0
      for (const [i, server] of personal.entries())
        statuses.push((await answer(server, await personalLink(), `shared-${i}-abcd`, '198.51.100.5')).status)
      expect(statuses).toEqual([200, 200, 200, 429])
    })
  })
}
