import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { npsSurvey } from '../cases/test-cases.js'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { pgliteTestDb } from '../db/test-db.js'
import { startTestSmtp, type TestSmtp } from '../surveys/email/test-smtp.js'
import { createApp } from './app.js'
import { setUp, type TestClient } from './test-client.js'

// "You said, we did" over HTTP: hostile input answers 4xx naming the field; a change is recorded, one customer
// deselected, the others told by real SMTP, and the log shows the counts.

type Failure = { error: { details?: { field: string }[] } }
const fields = (body: unknown) => ((body as Failure).error.details ?? []).map((d) => d.field)

describe('you said, we did over HTTP', () => {
  let db: Db
  let smtp: TestSmtp
  let owner: TestClient
  let base: string
  let workspaceId: string

  beforeAll(async () => {
    db = await pgliteTestDb()
    smtp = await startTestSmtp()
    const app = createApp({ db, config: loadConfig({ SMTP_URL: smtp.url }), webDir: '/nonexistent' })
    const set = await setUp(app)
    owner = set.owner
    workspaceId = set.workspaceId
    base = `/api/v1/workspaces/${workspaceId}/changes`
  })
  afterAll(async () => {
    await smtp.close()
    await db.close()
  })

  test('a change linked to both a touchpoint and a theme, or with a bad language, is refused by field', async () => {
    const both = await owner.json('POST', base, {
      title: 'x',
      texts: { '*': 'y' },
      touchpoint: 'delivery',
      themeWords: ['late'],
    })
    expect(both.status).toBe(400)
    expect(fields(both.body)).toContain('touchpoint')
    const language = await owner.json('POST', base, { title: 'x', texts: { english: 'y' }, touchpoint: 'd' })
    expect(language.status).toBe(400)
    expect(fields(language.body).join()).toContain('texts')
    const badId = await owner.json('GET', `${base}/not-a-uuid`)
    expect(badId.status).toBe(400)
    expect(fields(badId.body)).toContain('changeId')
    const missing = await owner.json('GET', `${base}/00000000-0000-0000-0000-000000000000`)
    expect(missing.status).toBe(404)
  })

  test('record, deselect one, tell the others; the log counts them', async () => {
    const survey = await npsSurvey(db, workspaceId, 'delivery')
    const ids: string[] = []
    for (const n of [1, 2, 3]) {
      const [row] = await db.query<{ id: string }>(sql`insert into customers
          (workspace_id, external_id, name, email, email_opt_in, language)
        values (${workspaceId}, ${`c${n}`}, ${`C ${n}`}, ${`c${n}@shop.test`}, true, 'pl') returning id`)
      ids.push(row!.id)
      await survey.answer(row!.id, { nps: n }, new Date(Date.now() - 86_400_000))
    }
    const created = await owner.json<{ id: string; customers: { customerId: string; status: string }[] }>(
      'POST',
      base,
      {
        title: 'Szybsza dostawa',
        texts: { pl: 'Dostawa jest szybsza.', '*': 'Delivery is faster.' },
        touchpoint: 'delivery',
      },
    )
    expect(created.status).toBe(201)
    expect(created.body.customers.map((c) => c.status)).toEqual(['selected', 'selected', 'selected'])
    const deselect = await owner.json('POST', `${base}/${created.body.id}/selection`, {
      customerIds: [ids[0]],
      selected: false,
    })
    expect(deselect.body).toEqual({ changed: 1 })
    const told = await owner.json('POST', `${base}/${created.body.id}/notify`)
    expect(told.body).toEqual({ sent: 2, suppressed: 0, failed: 0 })
    const mails = await smtp.waitFor(2)
    expect(mails.map((m) => m.text?.trim())).toEqual(['Dostawa jest szybsza.', 'Dostawa jest szybsza.'])
    const log = await owner.json<{
      items: { counts: Record<string, number>; comparison: { enoughData: boolean } }[]
    }>('GET', base)
    expect(log.body.items[0]!.counts).toMatchObject({ sent: 2, deselected: 1 })
    expect(log.body.items[0]!.comparison.enoughData).toBe(false)
  })

  test('the silent list counts who bought lately and never answered; a campaign to it exports as CSV', async () => {
    const ws = `/api/v1/workspaces/${workspaceId}`
    const recently = new Date(Date.now() - 20 * 86_400_000)
    for (const [n, name] of [
      [4, 'Quiet Four'],
      [5, '=HYPERLINK("x")'],
    ] as const) {
      const [row] = await db.query<{ id: string }>(sql`insert into customers
          (workspace_id, external_id, name, email, email_opt_in)
        values (${workspaceId}, ${`s${n}`}, ${name}, ${`s${n}@shop.test`}, true) returning id`)
      await db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
        values (${workspaceId}, ${row!.id}, ${`o${n}`}, ${recently}, 'EUR', 10)`)
    }
    const lists = await owner.json<{ items: { list: string; customers: number; more: boolean }[] }>(
      'GET',
      `${ws}/outreach-lists`,
    )
    expect(lists.status).toBe(200)
    // c1–c3 answered the survey, so only the two new buyers are silent; no fit and no segments yet.
    expect(lists.body.items).toEqual([
      { list: 'silent', customers: 2, more: false },
      { list: 'habit_broken', customers: 0, more: false },
      { list: 'at_risk', customers: 0, more: false },
    ])
    const created = await owner.json<{ id: string; items: { customerId: string; externalId: string }[] }>(
      'POST',
      `${ws}/outreach-campaigns`,
      { name: 'We miss you', list: 'silent', subject: 'Hello', template: 'Hi {{name}}!' },
    )
    expect(created.status).toBe(201)
    const four = created.body.items.find((r) => r.externalId === 's4')!
    await owner.json('PATCH', `${ws}/outreach-campaigns/${created.body.id}/recipients/${four.customerId}`, {
      selected: false,
    })
    const csv = await owner.request('GET', `${ws}/outreach-campaigns/${created.body.id}/recipients.csv`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = (await csv.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'external_id,name,status,reason,sent_at,replied_at,bought_again,answered_survey,message',
    )
    expect(lines.slice(1)).toEqual([
      's4,Quiet Four,deselected,,,,false,false,Hi Quiet Four!',
      // A name that starts a formula is neutralised where it starts a cell, not inside the message.
      `s5,"'=HYPERLINK(""x"")",selected,,,,false,false,"Hi =HYPERLINK(""x"")!"`,
    ])
    const missing = await owner.request(
      'GET',
      `${ws}/outreach-campaigns/00000000-0000-0000-0000-000000000000/recipients.csv`,
    )
    expect(missing.status).toBe(404)
  })
})
