import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import { everyMetricDefinition } from '../insights/insight-fixture.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import type { Experience, Journey, Paths, Touchpoint } from './schemas.js'

type Api = ReturnType<typeof client>

const shopJourney = {
  name: 'Shop',
  description: 'From first visit to parcel',
  stages: [
    {
      name: 'Purchase',
      touchpoints: [
        {
          key: 'checkout',
          name: 'Checkout',
          channel: 'web',
          eventTypes: ['order_placed'],
          intendedEmotion: 1,
        },
      ],
    },
    {
      name: 'Delivery',
      touchpoints: [
        {
          key: 'parcel',
          name: 'Parcel arrives',
          channel: 'courier',
          eventTypes: ['order_delivered'],
          intendedEmotion: 2,
          intendedThought: 'That was quick',
          promises: [
            { name: 'Next day', startEvent: 'order_placed', endEvent: 'order_delivered', limitMinutes: 1440 },
          ],
        },
      ],
    },
  ],
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`journeys API on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: Api
    let ws: string
    const url = (path: string) => `/api/v1/workspaces/${ws}${path}`

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId: ws } = await setUp(app))
    })
    afterAll(async () => {
      await db?.close()
    })

    test('a journey is created from a document and read back with its stages and touchpoints in order', async () => {
      const created = await owner.json<Journey>('POST', url('/journeys'), shopJourney)
      expect(created.status).toBe(201)
      expect(created.body.stages.map((s) => s.name)).toEqual(['Purchase', 'Delivery'])
      const parcel = created.body.stages[1]?.touchpoints[0]
      expect(parcel).toMatchObject({
        key: 'parcel',
        intendedEmotion: 2,
        intendedThought: 'That was quick',
        eventTypes: ['order_delivered'],
        promises: [
          {
            startEvent: 'order_placed',
            endEvent: 'order_delivered',
            limitMinutes: 1440,
            businessHours: null,
          },
        ],
      })
      const list = await owner.json<{ items: { id: string; stages: number; touchpoints: number }[] }>(
        'GET',
        url('/journeys'),
      )
      expect(list.body.items).toEqual([
        expect.objectContaining({ id: created.body.id, stages: 2, touchpoints: 2 }),
      ])
    })

    test('stages and touchpoints are added, moved, renamed and removed; a removed stage leaves its touchpoints unplaced', async () => {
      const journey = (await owner.json<Journey>('POST', url('/journeys'), { name: 'Edit me' })).body
      const path = `/journeys/${journey.id}`
      await owner.json('POST', url(`${path}/stages`), { name: 'B' })
      await owner.json('POST', url(`${path}/stages`), { name: 'C' })
      const withA = await owner.json<Journey>('POST', url(`${path}/stages`), { name: 'A', position: 0 })
      expect(withA.status).toBe(201)
      expect(withA.body.stages.map((s) => [s.name, s.position])).toEqual([
        ['A', 0],
        ['B', 1],
        ['C', 2],
      ])
      const [a, b, c] = withA.body.stages.map((s) => s.id)
      const moved = await owner.json<Journey>('PATCH', url(`${path}/stages/${c}`), {
        position: 0,
        name: 'C!',
      })
      expect(moved.body.stages.map((s) => s.name)).toEqual(['C!', 'A', 'B'])

      const first = await owner.json<Touchpoint>('POST', url('/touchpoints'), { name: 'Ad seen', stageId: a })
      expect(first.status).toBe(201)
      expect(first.body).toMatchObject({ key: 'ad_seen', stageId: a, journeyId: journey.id, position: 0 })
      const second = await owner.json<Touchpoint>('POST', url('/touchpoints'), {
        name: 'Ad seen',
        stageId: a,
        position: 0,
      })
      expect(second.body).toMatchObject({ key: 'ad_seen_2', position: 0 })
      const again = await owner.json<Touchpoint>('GET', url(`/touchpoints/${first.body.id}`))
      expect(again.body.position).toBe(1)

      const conflict = await owner.json('POST', url('/touchpoints'), { key: 'ad_seen', name: 'Twin' })
      expect(conflict.status).toBe(409)

      const toB = await owner.json<Touchpoint>('PATCH', url(`/touchpoints/${first.body.id}`), {
        stageId: b,
        intendedEmotion: -1,
        promises: [
          {
            name: 'Reply',
            startEvent: 'ticket_opened',
            endEvent: 'agent_reply',
            limitMinutes: 240,
            businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
          },
        ],
      })
      expect(toB.status).toBe(200)
      expect(toB.body).toMatchObject({ stageId: b, position: 0, intendedEmotion: -1 })
      expect(toB.body.promises[0]?.businessHours).toEqual({
        days: [1, 2, 3, 4, 5],
        start: '09:00',
        end: '17:00',
      })
      const left = (await owner.json<Touchpoint>('GET', url(`/touchpoints/${second.body.id}`))).body
      expect(left.position).toBe(0)

      const deleted = await owner.json<Journey>('DELETE', url(`${path}/stages/${b}`))
      expect(deleted.body.stages.map((s) => [s.name, s.position])).toEqual([
        ['C!', 0],
        ['A', 1],
      ])
      const unplaced = (await owner.json<Touchpoint>('GET', url(`/touchpoints/${first.body.id}`))).body
      expect(unplaced).toMatchObject({ stageId: null, journeyId: null })

      expect((await owner.request('DELETE', url(path))).status).toBe(204)
      expect((await owner.json('GET', url(path))).status).toBe(404)
      expect((await owner.json('GET', url(`/touchpoints/${second.body.id}`))).body).toMatchObject({
        stageId: null,
      })
    })

    test('saving the whole journey keeps stages by id and touchpoints by key, and unplaces those left out', async () => {
      const journey = (await owner.json<Journey>('POST', url('/journeys'), { ...shopJourney, name: 'Saved' }))
        .body
      // The shop document's keys now belong to this journey: the first journey's touchpoints moved here.
      const [purchase, delivery] = journey.stages
      const saved = await owner.json<Journey>('PUT', url(`/journeys/${journey.id}`), {
        name: 'Saved again',
        stages: [
          {
            id: delivery?.id,
            name: 'Delivery',
            touchpoints: [{ key: 'parcel', name: 'Parcel at the door' }],
          },
          { name: 'Support', touchpoints: [] },
        ],
      })
      expect(saved.status).toBe(200)
      expect(saved.body.stages.map((s) => s.name)).toEqual(['Delivery', 'Support'])
      expect(saved.body.stages[0]?.id).toBe(delivery?.id)
      expect(saved.body.stages[0]?.touchpoints.map((t) => t.name)).toEqual(['Parcel at the door'])
      const checkout = (
        await owner.json<{ items: Touchpoint[] }>('GET', url('/touchpoints'))
      ).body.items.find((t) => t.key === 'checkout')
      expect(checkout?.stageId).toBeNull()
      expect(saved.body.stages.some((s) => s.id === purchase?.id)).toBe(false)
    })

    test('a survey names a touchpoint by key and appears on it; a new key makes an unplaced touchpoint', async () => {
      const definition = everyMetricDefinition
      const survey = await owner.json<{ id: string }>('POST', url('/surveys'), {
        name: 'After delivery',
        touchpoint: 'parcel',
        npsKind: 'transactional',
        definition,
      })
      expect(survey.status).toBe(201)
      const all = (await owner.json<{ items: Touchpoint[] }>('GET', url('/touchpoints'))).body.items
      expect(all.find((t) => t.key === 'parcel')?.surveys.map((s) => s.id)).toEqual([survey.body.id])
      await owner.json('POST', url('/surveys'), {
        name: 'Returns',
        touchpoint: 'returns_desk',
        npsKind: 'transactional',
        definition,
      })
      const after = (await owner.json<{ items: Touchpoint[] }>('GET', url('/touchpoints'))).body.items
      expect(after.find((t) => t.key === 'returns_desk')).toMatchObject({
        name: 'returns_desk',
        stageId: null,
      })
    })

    test('bad references are 400s naming the field', async () => {
      const owned = await owner.json<{ error: { message: string } }>('POST', url('/touchpoints'), {
        name: 'Owned',
        owner: { kind: 'unit', id: '00000000-0000-4000-8000-000000000000' },
      })
      expect(owned.status).toBe(400)
      expect(owned.body.error.message).toContain('owner.id')
      const stage = await owner.json<{ error: { message: string } }>('POST', url('/touchpoints'), {
        name: 'Nowhere',
        stageId: 'not-a-stage',
      })
      expect(stage.status).toBe(400)
      expect(stage.body.error.message).toContain('stageId')
      const promise = await owner.json<{ error: { message: string } }>('POST', url('/touchpoints'), {
        name: 'Same',
        promises: [{ name: 'x', startEvent: 'a', endEvent: 'a', limitMinutes: 5 }],
      })
      expect(promise.status).toBe(400)
      expect(promise.body.error.message).toContain('endEvent')
    })

    test('the experience layer, the paths and the Mermaid text answer for a journey without data', async () => {
      const journey = (await owner.json<Journey>('POST', url('/journeys'), { name: 'Quiet' })).body
      await owner.json('POST', url(`/journeys/${journey.id}/stages`), { name: 'Only' })
      const experience = await owner.json<Experience>('GET', url(`/journeys/${journey.id}/experience`))
      expect(experience.status).toBe(200)
      expect(experience.body.emotionCurve).toHaveLength(1)
      const paths = await owner.json<Paths>('GET', url(`/journeys/${journey.id}/paths?limit=5`))
      expect(paths.status).toBe(200)
      expect(paths.body.customers).toBe(0)
      const mermaid = await owner.request('GET', url(`/journeys/${journey.id}/mermaid`))
      expect(mermaid.status).toBe(200)
      expect(await mermaid.text()).toBe('journey\n  title Quiet\n  section Only\n')
    })

    test('Mermaid text is imported as a new journey; a bad line is a 400 naming the line', async () => {
      const text = 'journey\n  title Workshop\n  section Visit\n    Browse: 4: web\n    Ask: 2\n'
      const imported = await owner.json<Journey>('POST', url('/journeys/import/mermaid'), { text })
      expect(imported.status).toBe(201)
      expect(imported.body.name).toBe('Workshop')
      expect(imported.body.stages[0]?.touchpoints.map((t) => [t.name, t.intendedEmotion, t.channel])).toEqual(
        [
          ['Browse', 1, 'web'],
          ['Ask', -1, null],
        ],
      )
      const bad = await owner.json<{ error: { message: string } }>('POST', url('/journeys/import/mermaid'), {
        text: 'journey\n  section A\n    Task: 9\n',
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error.message).toContain('line 3')
    })
  })
}
