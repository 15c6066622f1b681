import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { surveySegments } from '../server/survey-segments.js'
import { client, setUp, type TestClient, testApp } from '../server/test-client.js'
import { pageTexts } from './page-texts.js'
import { deliver } from './programs/deliver.js'
import { newProgramSchema } from './programs/program.js'
import { createProgram, listWidgetPrograms } from './programs/programs.sql.js'
import { DELIVER_JOB, scanEvents } from './programs/scan-events.js'
import { npsDefinition } from './test-survey.js'

// Archiving a survey: out of the list, its link says "closed" in the visitor's language, it takes no answers,
// its programs invite nobody; a restore brings back the status it had. Both are audited.

type Json = Record<string, unknown>

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`survey archive on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let ws: string
    let survey: Json
    let customerId: string
    const api = () => `/api/v1/workspaces/${ws}/surveys`
    const answer = (clientId: string) =>
      client(app).json('POST', `/api/v1/public/surveys/${survey.slug}/responses`, {
        clientId,
        version: 1,
        language: 'en',
        answers: { nps: 4 },
        continuationSecret: `secret-${clientId}-0123456789`,
      })
    // The jobs the trigger scan queues for the event of the test, scanned from an hour back.
    const scannedJobs = async () => {
      await db.query(sql`insert into job_cursors (name, position) values ('surveys.scan-events', now() - interval '1 hour')
        on conflict (name) do update set position = excluded.position`)
      await scanEvents(db, 60)
      const [row] = await db.query<{ n: number }>(
        sql`select count(*)::int as n from jobs where workspace_id = ${ws} and kind = ${DELIVER_JOB}`,
      )
      return row!.n
    }
    const ids = async (query = '') =>
      (await owner.json<{ items: Json[] }>('GET', `${api()}${query}`)).body.items.map((s) => s.id)

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
      const created = await owner.json<Json>('POST', api(), {
        name: 'After delivery',
        touchpoint: 'delivery',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      survey = (await owner.json<Json>('PUT', `${api()}/${created.body.id}`, { status: 'active' })).body
      const [row] = await db.query<{ id: string }>(sql`insert into customers
          (workspace_id, external_id, name, email, language, email_opt_in)
        values (${ws}, 'C-1', 'Olena', 'olena@example.com', 'uk', true) returning id`)
      customerId = row!.id
    })
    afterAll(async () => {
      await db?.close()
    })

    test('an archived survey leaves the list for the archived filter, and its link says closed in Ukrainian', async () => {
      expect((await answer('before-archive-1')).status).toBe(200)
      const archived = await owner.json<Json>('POST', `${api()}/${survey.id}/archive`)
      expect(archived.status).toBe(200)
      expect(archived.body.status).toBe('active')
      expect(typeof archived.body.archivedAt).toBe('string')
      expect(await ids()).not.toContain(survey.id)
      expect(await ids('?archived=true')).toEqual([survey.id])

      const page = await client(app).request('GET', `/s/${survey.slug}`, undefined, {
        'accept-language': 'uk-UA,uk;q=0.9',
      })
      expect(page.status).toBe(410)
      const html = await page.text()
      expect(html).toContain('"state":"closed"')
      expect(html).toContain(pageTexts.uk.closed)
      expect((await answer('after-archive-1')).status).toBe(409)
      // A personal link made before the archive says closed too.
      const invitation = await owner.json<{ url: string }>('POST', `${api()}/${survey.id}/invitations`, {
        customerId,
      })
      expect(invitation.status).toBe(201)
      const personal = await client(app).request('GET', new URL(invitation.body.url).pathname)
      expect(personal.status).toBe(410)
    })

    test('a restore brings the survey back active: it is listed again and takes answers', async () => {
      const restored = await owner.json<Json>('POST', `${api()}/${survey.id}/restore`)
      expect(restored.status).toBe(200)
      expect(restored.body).toMatchObject({ status: 'active', archivedAt: null })
      expect(await ids()).toContain(survey.id)
      expect(await ids('?archived=true')).toEqual([])
      expect((await answer('after-restore-1')).status).toBe(200)
      const audit = await db.query<{ action: string }>(
        sql`select action from audit_log where entity_id = ${survey.id as string}
          and action in ('survey.archive', 'survey.restore') order by at`,
      )
      expect(audit.map((a) => a.action)).toEqual(['survey.archive', 'survey.restore'])
    })

    test('archiving twice, restoring what is not archived, a missing survey and a stranger', async () => {
      const first = await owner.json<Json>('POST', `${api()}/${survey.id}/archive`)
      const again = await owner.json<Json>('POST', `${api()}/${survey.id}/archive`)
      // The second archive changes nothing: the first date stays.
      expect(again.body.archivedAt).toBe(first.body.archivedAt)
      await owner.json('POST', `${api()}/${survey.id}/restore`)
      expect((await owner.json<Json>('POST', `${api()}/${survey.id}/restore`)).body.archivedAt).toBeNull()
      const missing = `${api()}/00000000-0000-4000-8000-000000000000/archive`
      expect((await owner.json('POST', missing)).status).toBe(404)
      expect((await owner.json('POST', `${api()}/not-a-uuid/restore`)).status).toBe(404)
      expect((await client(app).json('POST', `${api()}/${survey.id}/archive`)).status).toBe(401)
      expect((await owner.json('GET', `${api()}?archived=maybe`)).status).toBe(400)
    })

    test('the programs of an archived survey invite nobody: no trigger, no delivery, no widget', async () => {
      const make = (channel: 'email' | 'widget') =>
        createProgram(
          db,
          ws,
          newProgramSchema.parse({
            name: channel,
            surveyId: survey.id,
            channel,
            triggerEvent: channel === 'email' ? 'order_delivered' : null,
            respectQuietHours: false,
          }),
        )
      const email = await make('email')
      const widget = await make('widget')
      await owner.json('POST', `${api()}/${survey.id}/archive`)
      // Someone never invited before, so that only the archive can stop the invitation.
      const [fresh] = await db.query<{ id: string }>(sql`insert into customers
          (workspace_id, external_id, name, email, language, email_opt_in)
        values (${ws}, 'C-2', 'Taras', 'taras@example.com', 'uk', true) returning id`)
      const payload = { programId: email.id, workspaceId: ws, customerId: fresh!.id, eventId: 'event-1' }
      expect(await deliver(db, payload, { dedupeKey: null, segments: surveySegments })).toBe('gone')
      expect((await listWidgetPrograms(db, ws)).map((p) => p.id)).toEqual([])
      await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at, created_at)
        values (${ws}, ${customerId}, 'e1', 'order_delivered', now() - interval '2 minutes', now() - interval '2 minutes')`)
      expect(await scannedJobs()).toBe(0)

      // Restored, the same program invites again (the control: the rule above is what stopped it).
      await owner.json('POST', `${api()}/${survey.id}/restore`)
      expect((await listWidgetPrograms(db, ws)).map((p) => p.id)).toEqual([widget.id])
      expect(await scannedJobs()).toBe(1)
      expect(await deliver(db, payload, { dedupeKey: null, segments: surveySegments })).toBe('invited')
    })
  })
}
