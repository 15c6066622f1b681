import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { client, setUp, type TestClient, testApp } from '../server/test-client.js'
import { verifyInvitationToken } from './invitations.js'
import { npsDefinition } from './test-survey.js'

type Json = Record<string, unknown>

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`survey routes on ${driver.name}`, () => {
    let db: Db
    let owner: TestClient
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let ws: string
    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
    })
    afterAll(async () => {
      await db?.close()
    })

    test('a survey from a template carries its touchpoint, NPS kind and estimate', async () => {
      const res = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        template: 'relational_nps',
      })
      expect(res.status).toBe(201)
      expect(res.body).toMatchObject({
        name: 'Relational NPS (quarterly)',
        npsKind: 'relational',
        touchpoint: 'relationship',
        status: 'draft',
        currentVersion: 1,
        estimateWarning: false,
        template: 'relational_nps',
      })
      expect(res.body.anonymousUrl).toBe(`/s/${res.body.slug}`)
      const list = await owner.json<{ items: Json[] }>('GET', `/api/v1/workspaces/${ws}/surveys`)
      expect(list.body.items.map((s) => s.id)).toContain(res.body.id)
    })

    test('a bad definition or template is a 400 naming the field', async () => {
      const unknown = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, { template: 'nope' })
      expect(unknown.status).toBe(400)
      const bad = structuredClone(npsDefinition)
      ;(bad.pages[0]!.questions[0] as Json).type = 'slider'
      const res = await owner.json<{ error: { message: string; details: { field: string }[] } }>(
        'POST',
        `/api/v1/workspaces/${ws}/surveys`,
        { name: 'x', touchpoint: 'y', npsKind: 'transactional', definition: bad },
      )
      expect(res.status).toBe(400)
      expect(res.body.error.details[0]?.field).toBe('definition.pages.0.questions.0.type')
    })

    test('editing the definition makes a new version; editing only settings does not', async () => {
      const created = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        name: 'Delivery',
        touchpoint: 'order_delivered',
        npsKind: 'transactional',
        definition: npsDefinition,
      })
      const path = `/api/v1/workspaces/${ws}/surveys/${created.body.id}`
      const renamed = await owner.json<Json>('PUT', path, { name: 'Delivery NPS', definition: npsDefinition })
      expect(renamed.body).toMatchObject({ name: 'Delivery NPS', currentVersion: 1 })
      const changed = structuredClone(npsDefinition)
      changed.title.uk = 'Доставка'
      const v2 = await owner.json<Json>('PUT', path, { definition: changed })
      expect(v2.body).toMatchObject({ currentVersion: 2, definition: { title: { uk: 'Доставка' } } })
    })

    test('the estimate endpoint checks a draft and warns above four minutes', async () => {
      const long = structuredClone(npsDefinition)
      for (let i = 0; i < 6; i++)
        long.pages[1]!.questions.push({
          id: `t${i}`,
          type: 'text',
          required: false,
          text: { en: 'More?', uk: 'Ще?' },
        })
      const res = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/survey-estimate`, {
        definition: long,
      })
      expect(res.body).toMatchObject({ valid: true, estimateWarning: true })
      const broken = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/survey-estimate`, {
        definition: {},
      })
      expect(broken.body.valid).toBe(false)
    })

    test('a QR code of the anonymous link, and a personal link that verifies', async () => {
      const created = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, { template: 'csat' })
      const qr = await owner.request('GET', `/api/v1/workspaces/${ws}/surveys/${created.body.id}/qr.svg`)
      expect(qr.headers.get('content-type')).toBe('image/svg+xml')
      expect(await qr.text()).toMatch(/^<svg[^>]*>.*<path/s)
      const inv = await owner.json<{ url: string; invitation: Json }>(
        'POST',
        `/api/v1/workspaces/${ws}/surveys/${created.body.id}/invitations`,
        { channel: 'link', language: 'lv' },
      )
      expect(inv.status).toBe(201)
      const token = inv.body.url.split('/s/i/')[1]!
      expect((await verifyInvitationToken(db, token))?.id).toBe(inv.body.invitation.id)
    })

    test('a duplicate is a new draft with the same questions, its own link, and an audit entry', async () => {
      const changed = structuredClone(npsDefinition)
      changed.title.uk = 'Оригінал'
      const source = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, {
        name: 'Checkout',
        touchpoint: 'checkout',
        npsKind: 'transactional',
        definition: changed,
      })
      await owner.json('PUT', `/api/v1/workspaces/${ws}/surveys/${source.body.id}`, { status: 'active' })
      const copy = await owner.json<Json>(
        'POST',
        `/api/v1/workspaces/${ws}/surveys/${source.body.id}/duplicate`,
      )
      expect(copy.status).toBe(201)
      expect(copy.body).toMatchObject({
        name: 'Checkout (copy)',
        touchpoint: 'checkout',
        npsKind: 'transactional',
        status: 'draft',
        currentVersion: 1,
        definition: { title: { uk: 'Оригінал' } },
      })
      expect(copy.body.id).not.toBe(source.body.id)
      expect(copy.body.slug).not.toBe(source.body.slug)
      const audit = await db.query<{ details: { from: string } }>(
        sql`select details from audit_log where action = 'survey.duplicate' and entity_id = ${copy.body.id as string}`,
      )
      expect(audit).toEqual([{ details: { from: source.body.id } }])
      const missing = `/api/v1/workspaces/${ws}/surveys/00000000-0000-4000-8000-000000000000/duplicate`
      expect((await owner.json('POST', missing)).status).toBe(404)
      expect((await owner.json('POST', `/api/v1/workspaces/${ws}/surveys/not-a-uuid/duplicate`)).status).toBe(
        404,
      )
    })

    test('an unanswered survey can be deleted; an answered one is kept with a 409', async () => {
      const make = async (name: string) =>
        (await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, { template: 'csat', name })).body
      const empty = await make('Never sent')
      const answered = await make('Answered')
      await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, language,
        channel, touchpoint, nps_kind) values (${ws}, ${answered.id as string}, 1, 'c1', 'en', 'link', 'x', 'transactional')`)
      const gone = await owner.request('DELETE', `/api/v1/workspaces/${ws}/surveys/${empty.id}`)
      expect(gone.status).toBe(204)
      expect((await owner.json('GET', `/api/v1/workspaces/${ws}/surveys/${empty.id}`)).status).toBe(404)
      expect((await owner.request('DELETE', `/api/v1/workspaces/${ws}/surveys/${empty.id}`)).status).toBe(404)
      const kept = await owner.json<{ error: { message: string } }>(
        'DELETE',
        `/api/v1/workspaces/${ws}/surveys/${answered.id}`,
      )
      expect(kept.status).toBe(409)
      expect(kept.body.error.message).toContain('close it')
      expect((await owner.json('GET', `/api/v1/workspaces/${ws}/surveys/${answered.id}`)).status).toBe(200)
      const audit = await db.query<{ entityId: string }>(
        sql`select entity_id as "entityId" from audit_log where action = 'survey.delete'`,
      )
      expect(audit).toEqual([{ entityId: empty.id }])
      expect(
        (await client(app).request('DELETE', `/api/v1/workspaces/${ws}/surveys/${answered.id}`)).status,
      ).toBe(401)
    })

    test('strangers see neither the surveys nor the preview', async () => {
      const stranger = client(app)
      expect((await stranger.json('GET', `/api/v1/workspaces/${ws}/surveys`)).status).toBe(401)
      const created = await owner.json<Json>('POST', `/api/v1/workspaces/${ws}/surveys`, { template: 'ces' })
      expect((await stranger.request('GET', `/s/preview/${ws}/${created.body.id}`)).status).toBe(401)
      const preview = await owner.request('GET', `/s/preview/${ws}/${created.body.id}?lang=ru`)
      expect(await preview.text()).toContain('Компания облегчила мне решение моего вопроса.')
      // A draft has no public page yet.
      expect((await stranger.request('GET', `/s/${created.body.slug}`)).status).toBe(404)
    })
  })
}
