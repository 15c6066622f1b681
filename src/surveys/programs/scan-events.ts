import { z } from 'zod'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { enqueueJob } from '../../jobs/queries.js'
import { surveyTakesAnswers } from '../surveys.js'

export const DELIVER_JOB = 'surveys.deliver'
const CURSOR = 'surveys.scan-events'

export const deliverPayloadSchema = z.object({
  programId: z.uuid(),
  workspaceId: z.uuid(),
  customerId: z.uuid(),
  eventId: z.string(),
})
export type DeliverPayload = z.infer<typeof deliverPayloadSchema>

/**
 * Turns newly ingested events into delivery jobs for the programs they trigger, due at occurred_at + delay.
 * Polls events by arrival time (a high-water mark) rather than hooking every ingest path: imports from the
 * CLI, the API and shop webhooks are all seen, even those written while no server ran. Events are read only
 * once they are `lagSeconds` old, so that a long import transaction committing late is not skipped; the
 * job's dedupe key makes seeing an event twice harmless. Events too old to be answered (their invitation
 * would already have expired) never trigger: importing last year's history sends nothing. A program whose
 * survey takes no answers (draft, closed, archived) is not triggered.
 */
export async function scanEvents(db: Db, lagSeconds = 60, now = new Date()): Promise<number> {
  const until = new Date(now.getTime() - lagSeconds * 1000)
  await db.query(
    sql`insert into job_cursors (name, position) values (${CURSOR}, ${until}) on conflict do nothing`,
  )
  const [cursor] = await db.query<{ position: Date }>(
    sql`select position from job_cursors where name = ${CURSOR}`,
  )
  const from = cursor!.position
  // One hour of arrivals per scan at most: a bounded read even after a long pause.
  const to = new Date(Math.min(until.getTime(), from.getTime() + 3_600_000))
  if (to <= from) return 0
  const due = await db.query<DeliverPayload & { runAt: Date }>(sql`
    select p.id as "programId", e.workspace_id as "workspaceId", e.customer_id as "customerId", e.id as "eventId",
      e.occurred_at + make_interval(mins => p.delay_minutes) as "runAt"
    from events e
    join survey_programs p on p.workspace_id = e.workspace_id and p.trigger_event = e.type
      and p.enabled and p.channel = 'email'
    join surveys s on s.id = p.survey_id and ${surveyTakesAnswers}
    where e.created_at > ${from} and e.created_at <= ${to}
      and e.occurred_at + make_interval(mins => p.delay_minutes) + make_interval(hours => p.expires_after_hours)
        > ${now}`)
  for (const job of due) {
    const { runAt, ...payload } = job
    await enqueueJob(db, {
      kind: DELIVER_JOB,
      workspaceId: job.workspaceId,
      payload: { ...payload },
      runAt,
      dedupeKey: `deliver:${job.programId}:${job.eventId}`,
    })
  }
  await db.query(sql`update job_cursors set position = ${to} where name = ${CURSOR}`)
  return due.length
}
