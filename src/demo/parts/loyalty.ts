import { systemActor } from '../../access/audit.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { setEventRules } from '../../loyalty/act-sources.js'
import { recordAct, setActRules, thankAct } from '../../loyalty/acts.js'
import { redeemPoints } from '../../loyalty/ledger.js'
import { setProgram } from '../../loyalty/members.js'
import { setReferralSettings } from '../../loyalty/referrals.js'
import { evaluateTiers, setTierRules } from '../../loyalty/tiers.js'

const kinds = ['review', 'referral', 'community_help', 'recommendation', 'feedback'] as const

/**
 * The demo shop's loyalty program: three tiers with benefits that are not discounts, points on the last year's
 * purchases, acts of loyalty (some thanked, some waiting), a few redemptions, and tiers evaluated over the last year.
 */
export async function loadLoyaltyDemo(db: Db, workspaceId: string, now = new Date()): Promise<void> {
  // A point is worth a cent: the dashboard's liability and cost of points are in euros.
  await setProgram(db, workspaceId, { expiryDays: 365, pointValue: '0.01' })
  await setTierRules(db, workspaceId, {
    windowDays: 365,
    graceDays: 30,
    tiers: [
      {
        code: 'friend',
        name: 'Friend',
        rank: 1,
        minSpend: '0',
        minOrders: 2,
        minEngagements: 0,
        benefits: ['Early access to new collections'],
      },
      {
        code: 'insider',
        name: 'Insider',
        rank: 2,
        minSpend: '300',
        minOrders: 4,
        minEngagements: 1,
        benefits: ['Priority support', 'Early access to new collections'],
      },
      {
        code: 'patron',
        name: 'Patron',
        rank: 3,
        minSpend: '1000',
        minOrders: 8,
        minEngagements: 2,
        benefits: ['A named contact', 'Priority support', 'Invitations to private tastings'],
      },
    ],
  })
  await setActRules(db, workspaceId, { referral: 100n, review: 20n, community_help: 30n })
  // The shop's review events become acts of loyalty; a referral waits out a 30-day return window, 5 a month at most.
  await setEventRules(db, workspaceId, [{ eventType: 'review', actKind: 'review' }])
  await setReferralSettings(db, workspaceId, {
    returnDays: 30,
    limit: 5,
    limitDays: 30,
    link: 'https://shop.example/join?ref={code}',
  })
  // The 300 customers who bought most often in the last year join the program, each credited a point per euro
  // spent: one statement for all of them (lot and ledger entry), not 300 round trips.
  const members = await db.query<{ memberId: string; customerId: string; spend: string }>(sql`
    with buyers as (
      select customer_id, sum(amount) as spend, count(*) as orders from orders
      where workspace_id = ${workspaceId} and amount > 0 and status = 'completed'
        and ordered_at > ${now}::timestamptz - interval '365 days'
      group by customer_id order by count(*) desc, customer_id limit 300
    ), enrolled as (
      insert into loyalty_members (workspace_id, customer_id, enrolled_at)
      select ${workspaceId}, customer_id, ${now}::timestamptz - interval '300 days' from buyers
      on conflict (workspace_id, customer_id) do nothing
      returning id, customer_id
    ), lots as (
      insert into loyalty_lots (workspace_id, member_id, source_type, source_id, rule, points, remaining,
        expires_at, created_at)
      select ${workspaceId}, e.id, 'demo', 'purchases-last-year', 'purchase', floor(b.spend), floor(b.spend),
        ${new Date(now.getTime() + 200 * 86_400_000)}::timestamptz, ${now}::timestamptz
      from enrolled e join buyers b on b.customer_id = e.customer_id where floor(b.spend) > 0
      on conflict (workspace_id, source_type, source_id, rule, member_id) do nothing
      returning id, member_id, points
    ), entries as (
      insert into loyalty_entries (workspace_id, member_id, kind, points, source_type, source_id, rule, lot_id,
        reason, at)
      select ${workspaceId}, member_id, 'credit', points, 'demo', 'purchases-last-year', 'purchase', id,
        'a point per euro spent in the last year', ${now}::timestamptz
      from lots
    )
    select e.id as "memberId", e.customer_id as "customerId", floor(b.spend)::text as spend
    from enrolled e join buyers b on b.customer_id = e.customer_id order by b.orders desc, e.customer_id`)
  const access = { workspaceId, unitPath: null, actor: systemActor }
  for (const [i, m] of members.entries()) {
    if (i % 5 === 0 && BigInt(m.spend) >= 50n)
      await redeemPoints(db, {
        memberId: m.memberId,
        points: 50n,
        sourceType: 'reward',
        sourceId: 'gift-wrapping',
        reference: `demo-${m.memberId}`,
        reason: 'gift wrapping',
        actor: systemActor,
        now,
      })
    if (i % 3 !== 0) continue
    const kind = kinds[(i / 3) % kinds.length] ?? 'review'
    const recorded = await recordAct(
      db,
      access,
      {
        customerId: m.customerId,
        kind,
        sourceId: `demo-${kind}-${i}`,
        occurredAt: new Date(now.getTime() - (i + 1) * 86_400_000),
      },
      now,
    )
    if (recorded && i % 2 === 0)
      await thankAct(
        db,
        access,
        recorded.act.id,
        { from: 'Marta, customer care', message: 'Thank you — it means a lot to us.' },
        now,
      )
  }
  // Tiers evaluated month by month over the last year, as the daily job would have, so that the dashboard shows
  // members moving up and, after the grace period, down.
  for (let month = 11; month >= 0; month--)
    await evaluateTiers(db, workspaceId, new Date(now.getTime() - month * 30 * 86_400_000))
}
