import { changeCase, openCase, recordReply } from '../../cases/cases.js'
import type { Priority } from '../../cases/rules.js'
import { escalateBreaches } from '../../cases/work.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'

const dayMs = 86_400_000

// The demo's cases: what a team a few weeks into closing the loop has — fresh ones, some waiting on the
// customer, some past their targets (escalated), and resolved ones with what was done.
const stories: {
  subject: string
  priority: Priority
  daysAgo: number
  end: 'open' | 'waiting' | 'replied' | 'resolved' | 'closed'
  summary?: string
}[] = [
  {
    subject: 'Detractor: NPS 2 (delivery) — parcel two days late',
    priority: 'high',
    daysAgo: 0.1,
    end: 'open',
  },
  {
    subject: 'Low satisfaction: CSAT 1 (checkout) — card refused twice',
    priority: 'normal',
    daysAgo: 0.3,
    end: 'open',
  },
  {
    subject: 'Detractor: NPS 4 (store visit) — no one at the till',
    priority: 'high',
    daysAgo: 6,
    end: 'open',
  },
  {
    subject: 'Hard to do: CES 2 (returns) — return label never came',
    priority: 'normal',
    daysAgo: 12,
    end: 'replied',
  },
  { subject: 'Comment mentions “refund” (delivery)', priority: 'urgent', daysAgo: 3, end: 'waiting' },
  {
    subject: 'Habit broken: weekly buyer silent for five weeks',
    priority: 'normal',
    daysAgo: 9,
    end: 'open',
  },
  {
    subject: 'Detractor: NPS 1 (delivery) — wrong size sent',
    priority: 'high',
    daysAgo: 20,
    end: 'resolved',
    summary:
      'Sent the right size by courier the same day and refunded delivery; sizes are now checked at packing.',
  },
  {
    subject: 'Low satisfaction: CSAT 2 (support chat) — waited 40 minutes',
    priority: 'normal',
    daysAgo: 25,
    end: 'closed',
    summary: 'Apologised and added a second chat agent on weekday evenings, when the queue was longest.',
  },
  {
    subject: 'Detractor: NPS 3 (delivery to Riga) — courier did not call',
    priority: 'high',
    daysAgo: 15,
    end: 'resolved',
    summary: 'Riga deliveries now get a call-ahead from the courier; the customer got a voucher.',
  },
]

/** Opens the demo's cases about the workspace's first customers, with their history and escalations. */
export async function seedDemoCases(db: Db, workspaceId: string, now: Date = new Date()): Promise<number> {
  const customers = await db.query<{
    id: string
  }>(sql`select id from customers where workspace_id = ${workspaceId}
    and email is not null order by external_id limit ${stories.length}`)
  const access = { workspaceId, unitPath: null }
  let opened = 0
  for (const [i, story] of stories.entries()) {
    const at = (days: number) => new Date(now.getTime() - days * dayMs)
    const k = await openCase(
      db,
      workspaceId,
      {
        source: story.subject.startsWith('Habit') ? 'signal' : 'response',
        sourceKey: `demo:${i}`,
        customerId: customers[i]?.id ?? null,
        subject: story.subject,
        priority: story.priority,
      },
      at(story.daysAgo),
    )
    if (!k) continue
    opened++
    if (story.end === 'open') continue
    await recordReply(
      db,
      access,
      null,
      k.id,
      { body: 'Thank you for telling us — we are on it.', channel: 'phone' },
      at(story.daysAgo - 0.05),
    )
    if (story.end === 'waiting')
      await changeCase(db, access, null, k.id, { status: 'waiting_on_customer' }, at(story.daysAgo - 0.1))
    if (story.end === 'resolved' || story.end === 'closed')
      await changeCase(
        db,
        access,
        null,
        k.id,
        { status: 'resolved', resolutionSummary: story.summary },
        at(story.daysAgo - 2),
      )
    if (story.end === 'closed')
      await changeCase(db, access, null, k.id, { status: 'closed' }, at(story.daysAgo - 4))
  }
  await escalateBreaches(db, now)
  return opened
}
