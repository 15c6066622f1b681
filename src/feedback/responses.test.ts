import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createApp } from '../server/app.js'
import { client, setUp, type TestClient } from '../server/test-client.js'
import { createInvitation, getInvitation } from '../surveys/invitations.js'
import { npsDefinition } from '../surveys/test-survey.js'

type Json = Record<string, unknown>
// The page holds a secret per anonymous response and sends it with every save of that response.
const withSecret = (body: unknown) =>
  body && typeof body === 'object' && 'clientId' in body && !('continuationSecret' in body)
    ? { ...body, continuationSecret: `secret-of-${String(body.clientId)}` }
    : body
const post = (c: TestClient, path: string, body: unknown) => c.json<Json>('POST', path, withSecret(body))

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`responses on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let visitor: TestClient
    let ws: string
    let survey: { id: string; slug: string; currentVersion: number }
    let customerId: string
    const anon = () => `/api/v1/public/surveys/${survey.slug}/responses`

    beforeAll(async () => {
      db = await driver.open()
      const app = createApp({
        db,
        config: loadConfig({ RAPPORT_SURVEY_RATE_LIMIT: '1000' }),
        webDir: '/nonexistent',
      })
      ;({ owner, workspaceId: ws } = await setUp(app))
      visitor = client(app)
      const created = await owner.json<typeof survey>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        name: 'Delivery',
        touchpoint: 'order_delivered',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      expect(created.status).toBe(201)
      survey = created.body
      await owner.json('PUT', `/api/v1/workspaces/${ws}/surveys/${survey.id}`, { status: 'active' })
      const [c] = await db.query<{
        id: string
      }>(sql`insert into customers (workspace_id, external_id, language)
        values (${ws}, 'C-7', 'uk') returning id`)
      customerId = c!.id
    })
    afterAll(async () => {
      await db?.close()
    })

    const count = async (where = sql`true`) =>
      (
        await db.query<{ n: number }>(
          sql`select count(*)::int as n from responses where survey_id = ${survey.id} and ${where}`,
        )
      )[0]?.n

    test('answers are saved per question, merged, and a retried completion never makes a second response', async () => {
      const base = { clientId: 'client-aaaa-0001', version: 1, language: 'en', hidden: { order_id: 'O-9' } }
      const first = await post(visitor, anon(), { ...base, answers: { nps: 4 } })
      expect(first.status).toBe(200)
      expect(first.body).toMatchObject({ completed: false })
      const done = await post(visitor, anon(), {
        ...base,
        answers: { nps: 4, reason: 'price' },
        complete: true,
      })
      expect(done.body).toMatchObject({ id: first.body.id, completed: true, ending: 'thanks' })
      const retry = await post(visitor, anon(), {
        ...base,
        answers: { nps: 10, reason: 'speed' },
        complete: true,
      })
      expect(retry.body).toMatchObject({ id: first.body.id, completed: true })
      const [row] =
        await db.query<Json>(sql`select answers, hidden, survey_version, channel, touchpoint, nps_kind, language
        from responses where id = ${first.body.id as string}`)
      // The retry after completion changed nothing.
      expect(row).toEqual({
        answers: { nps: 4, reason: 'price' },
        hidden: { order_id: 'O-9' },
        survey_version: 1,
        channel: 'link',
        touchpoint: 'order_delivered',
        nps_kind: 'transactional',
        language: 'en',
      })
      expect(await count(sql`client_id = 'client-aaaa-0001'`)).toBe(1)
    })

    test('a promoter skips the follow-up page: completing with only the score is accepted', async () => {
      const res = await post(visitor, anon(), {
        clientId: 'client-prom-0001',
        version: 1,
        language: 'uk',
        mode: 'conversation',
        answers: { nps: 10 },
        complete: true,
      })
      expect(res.body).toMatchObject({ completed: true, ending: 'promoter' })
      const [row] = await db.query<Json>(
        sql`select channel, language from responses where client_id = 'client-prom-0001'`,
      )
      expect(row).toEqual({ channel: 'conversation', language: 'uk' })
    })

    test.each([
      [{ nps: 11 }, 'answers.nps', 'between 0 and 10'],
      [{ nps: 7.5 }, 'answers.nps', 'whole number'],
      [{ nps: '9' }, 'answers.nps', 'whole number'],
      [{ colour: 'red' }, 'answers.colour', 'no such question'],
      [{ reason: 'cheap' }, 'answers.reason', 'no option cheap'],
    ])('an invalid answer %j is a 400 naming the question', async (answers, field, message) => {
      const res = await post(visitor, anon(), {
        clientId: 'client-bad-00001',
        version: 1,
        language: 'en',
        answers,
      })
      expect(res.status).toBe(400)
      const error = res.body.error as { code: string; details: { field: string; message: string }[] }
      expect(error.code).toBe('invalid_answer')
      expect(error.details[0]?.field).toBe(field)
      expect(error.details[0]?.message).toContain(message)
      expect(await count(sql`client_id = 'client-bad-00001'`)).toBe(0)
    })

    test('completing without a required answer on the path is refused, naming it', async () => {
      const res = await post(visitor, anon(), {
        clientId: 'client-miss-0001',
        version: 1,
        language: 'en',
        answers: { nps: 3 },
        complete: true,
      })
      expect(res.status).toBe(400)
      expect((res.body.error as { message: string }).message).toBe('answers.reason: an answer is required')
    })

    test('a filled honeypot is acknowledged but not stored', async () => {
      const res = await post(visitor, anon(), {
        clientId: 'client-bot-00001',
        version: 1,
        language: 'en',
        answers: { nps: 10 },
        complete: true,
        website: 'http://spam.example',
      })
      expect(res.status).toBe(200)
      expect(await count(sql`client_id = 'client-bot-00001'`)).toBe(0)
    })

    test('a personal link resumes its response, counts in the funnel, and is spent once completed', async () => {
      const { invitation, token } = await createInvitation(db, {
        workspaceId: ws,
        surveyId: survey.id,
        customerId,
        channel: 'email',
        hidden: { order_id: 'O-77' },
      })
      const url = `/api/v1/public/invitations/${token}/responses`
      const page = await visitor.request('GET', `/s/i/${token}`)
      expect(page.status).toBe(200)
      const html = await page.text()
      // The customer's language (uk) wins over the browser's.
      expect(html).toContain('"language":"uk"')
      expect((await getInvitation(db, ws, invitation.id))?.status).toBe('opened')

      await post(visitor, url, {
        clientId: 'device-one-0001',
        version: 1,
        language: 'uk',
        answers: { nps: 5 },
      })
      const started = await getInvitation(db, ws, invitation.id)
      expect(started).toMatchObject({ status: 'started', completedAt: null })
      expect(started?.startedAt).toBeInstanceOf(Date)

      // Reopening the link shows the saved answer, to resume.
      const resumed = await (await visitor.request('GET', `/s/i/${token}`)).text()
      expect(resumed).toContain('"answers":{"nps":5}')

      // A second device on the same link continues the same response.
      const done = await post(visitor, url, {
        clientId: 'device-two-0002',
        version: 1,
        language: 'uk',
        answers: { nps: 5, reason: 'speed' },
        complete: true,
        hidden: { order_id: 'forged' },
      })
      expect(done.body).toMatchObject({ completed: true })
      const rows = await db.query<Json>(sql`select answers, hidden, customer_id, channel from responses
        where invitation_id = ${invitation.id}`)
      expect(rows).toEqual([
        {
          answers: { nps: 5, reason: 'speed' },
          hidden: { order_id: 'O-77' },
          customer_id: customerId,
          channel: 'email',
        },
      ])
      const completed = await getInvitation(db, ws, invitation.id)
      expect(completed?.status).toBe('completed')
      expect(completed?.completedAt).toBeInstanceOf(Date)

      // Spent: a later submission changes nothing, and the page says it was answered.
      await post(visitor, url, {
        clientId: 'device-three-03',
        version: 1,
        language: 'uk',
        answers: { nps: 0 },
        complete: true,
      })
      const [after] = await db.query<Json>(
        sql`select answers from responses where invitation_id = ${invitation.id}`,
      )
      expect(after!.answers).toEqual({ nps: 5, reason: 'speed' })
      expect(await (await visitor.request('GET', `/s/i/${token}`)).text()).toContain('"state":"completed"')
    })

    test('a forged or expired personal link is refused', async () => {
      const { token } = await createInvitation(db, {
        workspaceId: ws,
        surveyId: survey.id,
        customerId,
        channel: 'email',
      })
      const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`
      const body = { clientId: 'client-forge-001', version: 1, language: 'en', answers: { nps: 1 } }
      expect((await post(visitor, `/api/v1/public/invitations/${forged}/responses`, body)).status).toBe(404)
      const expired = await createInvitation(db, {
        workspaceId: ws,
        surveyId: survey.id,
        customerId,
        channel: 'email',
        expiresAt: new Date(Date.now() - 1000),
      })
      const res = await post(visitor, `/api/v1/public/invitations/${expired.token}/responses`, body)
      expect(res.status).toBe(410)
    })

    test('the response list filters and the CSV has a column per question', async () => {
      const list = await owner.json<{ total: number; items: Json[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/responses?surveyId=${survey.id}&status=completed&language=uk`,
      )
      expect(list.body.total).toBe(2)
      const csv = await (
        await owner.request(
          'GET',
          `/api/v1/workspaces/${ws}/responses.csv?surveyId=${survey.id}&channel=email`,
        )
      ).text()
      const lines = csv.trim().split('\n')
      expect(lines[0]).toBe(
        'response_id,survey,survey_version,started_at,completed_at,language,channel,touchpoint,nps_kind,customer_id,org_unit,order_id,nps,reason,comment',
      )
      expect(lines).toHaveLength(2)
      expect(lines[1]).toMatch(/,uk,email,order_delivered,transactional,C-7,,O-77,5,speed,$/)
    })

    test("one customer's answers, for their timeline; a customer id that is not one is refused by name", async () => {
      const theirs = await owner.json<{ total: number; items: { customerId: string }[] }>(
        'GET',
        `/api/v1/workspaces/${ws}/responses?customerId=${customerId}`,
      )
      expect(theirs.body.total).toBe(await count(sql`customer_id = ${customerId}`))
      expect(theirs.body.total).toBeGreaterThan(0)
      expect(theirs.body.total).toBeLessThan((await count())!)
      expect(new Set(theirs.body.items.map((r) => r.customerId))).toEqual(new Set([customerId]))
      const bad = await owner.json<{ error: { details: { field: string }[] } }>(
        'GET',
        `/api/v1/workspaces/${ws}/responses?customerId=C-7`,
      )
      expect(bad.status).toBe(400)
      expect(bad.body.error.details.map((d) => d.field)).toContain('customerId')
    })

    test('hostile answers and hidden fields reach responses.csv neutralised', async () => {
      const saved = await post(visitor, anon(), {
        clientId: 'client-csv-hostile',
        version: 1,
        language: 'en',
        hidden: { order_id: '@SUM(1+1)*cmd|" /C calc"!A0' },
        answers: { nps: 2, reason: 'price', comment: '=HYPERLINK("http://evil.example","x")' },
        complete: true,
      })
      expect(saved.status).toBe(200)
      const csv = await (
        await owner.request('GET', `/api/v1/workspaces/${ws}/responses.csv?surveyId=${survey.id}`)
      ).text()
      const line = csv.split('\n').find((l) => l.includes('SUM(1+1)'))
      expect(line).toContain(
        `,"'@SUM(1+1)*cmd|"" /C calc""!A0",2,price,"'=HYPERLINK(""http://evil.example"",""x"")"`,
      )
    })

    test('a partial anonymous answer is continued only by the holder of its secret', async () => {
      const base = { clientId: 'client-held-0001', version: 1, language: 'en' }
      const mine = { ...base, continuationSecret: 'the-browser-secret-0001' }
      expect((await post(visitor, anon(), { ...mine, answers: { nps: 3 } })).status).toBe(200)
      const stranger = await post(visitor, anon(), {
        ...base,
        continuationSecret: 'a-guessed-secret-00001',
        answers: { nps: 10, reason: 'speed' },
        complete: true,
      })
      expect(stranger.status).toBe(409)
      expect(stranger.body).toMatchObject({ error: { code: 'continuation_refused' } })
      const missing = await visitor.json<Json>('POST', anon(), { ...base, answers: { nps: 10 } })
      expect(missing.status).toBe(400)
      expect(JSON.stringify(missing.body)).toContain('continuationSecret')
      const [row] = await db.query<Json>(
        sql`select answers, completed_at from responses where client_id = 'client-held-0001'`,
      )
      expect(row).toEqual({ answers: { nps: 3 }, completed_at: null })
      const done = await post(visitor, anon(), {
        ...mine,
        answers: { nps: 3, reason: 'price' },
        complete: true,
      })
      expect(done.body).toMatchObject({ completed: true })
    })

    test('a draft survey takes no answers', async () => {
      const draft = await owner.json<{ slug: string }>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        template: 'csat',
      })
      const res = await post(visitor, `/api/v1/public/surveys/${draft.body.slug}/responses`, {
        clientId: 'client-draft-001',
        version: 1,
        language: 'en',
        answers: { csat: 5 },
      })
      expect(res.status).toBe(409)
    })
  })
}

test('anonymous answers are rate-limited per address', async () => {
  const { pgliteTestDb } = await import('../db/test-db.js')
  const db = await pgliteTestDb()
  const app = createApp({
    db,
    config: loadConfig({ RAPPORT_SURVEY_RATE_LIMIT: '3' }),
    webDir: '/nonexistent',
  })
  const { owner, workspaceId } = await setUp(app)
  const s = await owner.json<{ id: string; slug: string }>(
    'POST',
    `/api/v1/workspaces/${workspaceId}/surveys`,
    {
      template: 'transactional_nps',
    },
  )
  await owner.json('PUT', `/api/v1/workspaces/${workspaceId}/surveys/${s.body.id}`, { status: 'active' })
  const statuses: number[] = []
  for (let i = 0; i < 4; i++) {
    const res = await post(client(app), `/api/v1/public/surveys/${s.body.slug}/responses`, {
      clientId: `client-rate-000${i}`,
      version: 1,
      language: 'en',
      answers: { nps: 9 },
    })
    statuses.push(res.status)
  }
  expect(statuses).toEqual([200, 200, 200, 429])
  await db.close()
})
