import { expect, test } from 'vitest'
import { getCampaign, listCampaigns } from '../../cases/outreach.js'
import { caseWorkspace } from '../../cases/test-cases.js'
import { sql } from '../../db/sql.js'
import { pgliteTestDb } from '../../db/test-db.js'
import { seedDemoOutreach } from './outreach.js'

const day = 86_400_000

test('the demo writes to lapsed buyers by consent, counts their orders after it, and drafts one to the silent', async () => {
  const db = await pgliteTestDb()
  const w = await caseWorkspace(db)
  const ws = w.workspaceId
  const newest = new Date('2026-10-31T12:00:00Z').getTime()
  const sent = newest - 60 * day
  const order = async (customerId: string, n: number, at: number, amount = 10) =>
    db.query(sql`insert into orders (workspace_id, customer_id, external_id, ordered_at, currency, amount)
      values (${ws}, ${customerId}, ${`${customerId}-${n}`}, ${new Date(at)}, 'EUR', ${amount})`)
  const buyer = async (id: string, consent: boolean | null, orders: number[]) => {
    const c = await w.customer(id, null, `${id}@demo.test`)
    await db.query(sql`update customers set email_opt_in = ${consent} where id = ${c}`)
    for (const [n, at] of orders.entries()) await order(c, n, at)
    return c
  }
  // Lapsed: two orders, the last more than 90 days before the campaign. One comes back 10 days after it.
  const back = await buyer('back', true, [sent - 300 * day, sent - 120 * day, sent + 10 * day])
  await buyer('gone', true, [sent - 400 * day, sent - 200 * day])
  await buyer('unknown', null, [sent - 300 * day, sent - 100 * day])
  // Not lapsed (bought 30 days before), and a single order: neither is on the win-back list.
  await buyer('steady', true, [sent - 200 * day, sent - 30 * day, newest])
  await buyer('once', true, [sent - 200 * day])

  expect(await seedDemoOutreach(db, ws)).toBe(2)
  const access = { workspaceId: ws, unitPath: null }
  const [draft, winBack] = await listCampaigns(db, access)
  expect(winBack).toMatchObject({
    name: 'We miss you',
    recipients: 3,
    sent: 2,
    suppressed: 1,
    boughtAgain: 1,
  })
  expect(winBack!.sentAt?.getTime()).toBe(sent)
  const detail = await getCampaign(db, access, winBack!.id)
  const byId = Object.fromEntries(detail!.items.map((r) => [r.externalId, r]))
  expect(byId.back).toMatchObject({ status: 'sent', boughtAgain: true })
  expect(byId.gone).toMatchObject({ status: 'sent', boughtAgain: false })
  expect(byId.unknown).toMatchObject({ status: 'suppressed', reason: 'no_consent' })
  expect(byId.back!.customerId).toBe(back)
  // The silent draft: bought in the last 180 days of the data (steady, back, unknown at 160 days), none has
  // answered; nothing sent yet.
  expect(draft).toMatchObject({ list: 'silent', recipients: 3, sent: 0, sentAt: null })
  expect(await seedDemoOutreach(db, ws)).toBe(0)
  await db.close()
})
