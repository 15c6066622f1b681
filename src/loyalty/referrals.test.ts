import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { DomainError } from '../errors/domain-error.js'
import { setActRules } from './acts.js'
import { enrollMember } from './members.js'
import { getReferralCode, recordReferral, rewardReferrals, setReferralSettings } from './referrals.js'
import { seedMembers } from './test-members.js'

const day = 86_400_000
const t0 = new Date('2026-03-01T12:00:00Z')
const at = (days: number) => new Date(t0.getTime() + days * day)

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`referrals on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let access: { workspaceId: string; unitPath: null }
    let n = 0

    /** A customer of the workspace with the contact details given. */
    async function customer(details: { email?: string; phone?: string; address?: string } = {}) {
      const [row] = await db.query<{
        id: string
      }>(sql`insert into customers (workspace_id, external_id, email,
          phone, attributes)
        values (${ws}, ${`C-${n++}`}, ${details.email ?? null}, ${details.phone ?? null},
          ${JSON.stringify(details.address ? { address: details.address } : {})}::jsonb)
        returning id`)
      return row?.id ?? ''
    }

    async function order(customerId: string, orderedAt: Date, status = 'completed', amount = '40.00') {
      const [row] = await db.query<{
        id: string
      }>(sql`insert into orders (workspace_id, customer_id, external_id,
          ordered_at, currency, amount, status)
        values (${ws}, ${customerId}, ${`O-${n++}`}, ${orderedAt}, 'EUR', ${amount}, ${status}) returning id`)
      return row?.id ?? ''
    }

    async function refer(referrer: string, referred: string, when = t0, device?: string) {
      const { code } = (await getReferralCode(db, access, referrer, when))!
      const recorded = await recordReferral(
        db,
        access,
        { code, customerId: referred, deviceFingerprint: device },
        when,
      )
      return recorded!.referral
    }

    beforeAll(async () => {
      db = await driver.open()
      ws = (await seedMembers(db, 0)).workspaceId
      access = { workspaceId: ws, unitPath: null }
    })
    afterAll(async () => {
      await db.close()
    })

    test('a customer has one code, the same on every asking, and a link when the program has one', async () => {
      const alice = await customer()
      const first = await getReferralCode(db, access, alice, t0)
      expect(first?.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/)
      expect(first?.link).toBeNull()
      await setReferralSettings(db, ws, {
        returnDays: 30,
        limit: null,
        limitDays: 30,
        link: 'https://shop.example/?ref={code}',
      })
      const again = await getReferralCode(db, access, alice, at(5))
      expect(again?.code).toBe(first?.code)
      expect(again?.link).toBe(`https://shop.example/?ref=${first?.code}`)
      expect(await getReferralCode(db, access, '00000000-0000-4000-8000-000000000000', t0)).toBeUndefined()
    })

    test('an unknown code is refused as not found, naming the code', async () => {
      const bob = await customer()
      const refused = recordReferral(db, access, { code: 'NOSUCH22', customerId: bob }, t0)
      await expect(refused).rejects.toBeInstanceOf(DomainError)
      await expect(refused).rejects.toMatchObject({ kind: 'not_found', field: 'code' })
    })

    test('referring oneself is refused', async () => {
      const carol = await customer()
      expect(await refer(carol, carol)).toMatchObject({ status: 'refused', refusedBecause: 'self_referral' })
    })

    test('the same e-mail, ignoring case, spaces and a +tag, is one person', async () => {
      const dave = await customer({ email: 'dave@mail.test' })
      const alias = await customer({ email: ' Dave+shop@Mail.test ' })
      expect(await refer(dave, alias)).toMatchObject({ status: 'refused', refusedBecause: 'same_email' })
      const other = await customer({ email: 'dove@mail.test' })
      expect((await refer(dave, other)).status).toBe('pending')
    })

    test('the same phone, however written, is one person', async () => {
      const erin = await customer({ phone: '+371 2000-1111' })
      const again = await customer({ phone: '(371) 20001111' })
      expect(await refer(erin, again)).toMatchObject({ status: 'refused', refusedBecause: 'same_phone' })
      const other = await customer({ phone: '+371 2000 1112' })
      expect((await refer(erin, other)).status).toBe('pending')
    })

    test('the same address, ignoring case and punctuation, is one person', async () => {
      const fay = await customer({ address: 'Brīvības iela 12-3, Rīga' })
      const same = await customer({ address: 'brīvības  iela 12 3 rīga' })
      expect(await refer(fay, same)).toMatchObject({ status: 'refused', refusedBecause: 'same_address' })
      const other = await customer({ address: 'Brīvības iela 14, Rīga' })
      expect((await refer(fay, other)).status).toBe('pending')
    })

    test('a device the referrer used is one person', async () => {
      const gil = await customer()
      await getReferralCode(db, access, gil, t0, 'fp-gil-laptop')
      const sock = await customer()
      expect(await refer(gil, sock, t0, 'fp-gil-laptop')).toMatchObject({
        status: 'refused',
        refusedBecause: 'same_device',
      })
      const friend = await customer()
      expect((await refer(gil, friend, t0, 'fp-friend-phone')).status).toBe('pending')
    })

    test('a customer who had bought before is not referred', async () => {
      const hal = await customer()
      const regular = await customer()
      await order(regular, at(-10))
      expect(await refer(hal, regular)).toMatchObject({
        status: 'refused',
        refusedBecause: 'existing_customer',
      })
    })

    test('beyond the limit per period referrals are refused; refused ones do not count; the period rolls on', async () => {
      await setReferralSettings(db, ws, { returnDays: 30, limit: 2, limitDays: 30, link: null })
      const ivy = await customer({ email: 'ivy@mail.test' })
      expect((await refer(ivy, await customer(), at(0))).status).toBe('pending')
      expect((await refer(ivy, await customer({ email: 'IVY@mail.test' }), at(1))).refusedBecause).toBe(
        'same_email',
      )
      expect((await refer(ivy, await customer(), at(2))).status).toBe('pending')
      expect(await refer(ivy, await customer(), at(10))).toMatchObject({
        status: 'refused',
        refusedBecause: 'limit_reached',
      })
      // 31 days after the first, one of the two has left the 30-day window.
      expect((await refer(ivy, await customer(), at(31))).status).toBe('pending')
      await setReferralSettings(db, ws, { returnDays: 30, limit: null, limitDays: 30, link: null })
    })

    test('a customer is referred once: a second code finds the first referral', async () => {
      const jo = await customer()
      const kim = await customer()
      const newcomer = await customer()
      const first = await refer(jo, newcomer)
      const second = await refer(kim, newcomer)
      expect(second.id).toBe(first.id)
      expect(second.referrerCustomerId).toBe(jo)
    })

    test('the reward waits for the first purchase to outlive the return window, a returned one does not count', async () => {
      await setActRules(db, ws, { referral: 50n })
      const lea = await customer()
      const member = await enrollMember(db, access, lea, t0)
      const newcomer = await customer()
      const referral = await refer(lea, newcomer, at(0))
      const rewarded = async () => {
        const [row] = await db.query<{
          status: string
          orderId: string | null
          acts: string
          points: string
        }>(sql`
          select r.status, r.qualifying_order_id as "orderId",
            (select count(*) from loyalty_acts a where a.customer_id = ${lea} and a.kind = 'referral')::text as acts,
            (select coalesce(sum(points), 0) from loyalty_lots where member_id = ${member?.member.id})::text as points
          from loyalty_referrals r where r.id = ${referral.id}`)
        return row
      }
      // Bought on day 3 and returned: no real purchase. Bought again on day 5 and kept.
      await order(newcomer, at(3), 'returned')
      const kept = await order(newcomer, at(5))
      await rewardReferrals(db, at(34))
      expect(await rewarded()).toEqual({ status: 'pending', orderId: null, acts: '0', points: '0' })
      // Day 35 is 30 days after day 5: the window has passed.
      await rewardReferrals(db, at(35))
      expect(await rewarded()).toEqual({ status: 'rewarded', orderId: kept, acts: '1', points: '50' })
      await rewardReferrals(db, at(40))
      expect(await rewarded()).toEqual({ status: 'rewarded', orderId: kept, acts: '1', points: '50' })
    })

    test('a refused referral is never rewarded', async () => {
      const mo = await customer({ phone: '555 123 456' })
      const twin = await customer({ phone: '555123456' })
      const refused = await refer(mo, twin, at(0))
      await order(twin, at(1))
      await rewardReferrals(db, at(100))
      const [row] = await db.query<{ status: string }>(
        sql`select status from loyalty_referrals where id = ${refused.id}`,
      )
      expect(row?.status).toBe('refused')
    })
  })
}
