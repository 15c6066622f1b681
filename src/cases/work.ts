import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { JobHandler } from '../jobs/job.js'
import { enqueueJob } from '../jobs/queries.js'
import type { BackgroundWork } from '../jobs/work.js'
import { type CaseRow, openCase } from './cases.js'
import { unitManager } from './owners.js'
import { type CaseRule, type CompletedResponses, matchRule } from './rules.js'
import { getCaseSettings } from './settings.js'
import { deliverDueWebhooks } from './webhook-delivery.js'
import { emitEvent } from './webhooks.js'

export const CASE_ALERT_JOB = 'cases.alert'
const responseCursor = 'cases.responses'
// Answers committed late (a transaction that began before the cursor moved) are looked for again this far back;
// the source key and the event id make a second look a no-op.
const overlapMs = 60_000

/** One message to a person: the composition root sends it with the workspace's mailer. */
export type SendAlert = (message: { to: string; subject: string; text: string }) => Promise<void>

/**
 * Reads the responses completed since the last scan: queues `response.completed` for each, and opens a case
 * for each that meets one of its workspace's rules. Returns how many cases were opened.
 */
export async function scanResponses(
  db: Db,
  read: CompletedResponses,
  now: Date = new Date(),
): Promise<number> {
  const [cursor] = await db.query<{ position: Date }>(
    sql`select position from job_cursors where name = ${responseCursor}`,
  )
  const from = cursor?.position ?? new Date(now.getTime() - 3_600_000)
  const fresh = await read(db, from, 500)
  const late = await read(db, new Date(from.getTime() - overlapMs), 500)
  const rules = new Map<string, CaseRule[]>()
  let opened = 0
  for (const r of [...late.filter((x) => x.completedAt <= from), ...fresh]) {
    let wsRules = rules.get(r.workspaceId)
    if (!wsRules) {
      wsRules = (await getCaseSettings(db, r.workspaceId)).rules
      rules.set(r.workspaceId, wsRules)
    }
    const match = matchRule(wsRules, r)
    await db.transaction(async (tx) => {
      await emitEvent(
        tx,
        r.workspaceId,
        'response.completed',
        {
          id: r.id,
          surveyId: r.surveyId,
          customerId: r.customerId,
          touchpoint: r.touchpoint,
          completedAt: r.completedAt.toISOString(),
          nps: r.nps,
          csat: r.csat,
          ces: r.ces,
        },
        r.id,
      )
      if (!match) return
      const created = await openCase(tx, r.workspaceId, {
        source: 'response',
        sourceKey: `response:${r.id}`,
        responseId: r.id,
        rule: match.rule.name,
        customerId: r.customerId,
        orgUnitId: r.orgUnitId,
        touchpoint: r.touchpoint,
        subject: `${match.rule.name}: ${match.reason} (${r.touchpoint})`,
        priority: match.rule.priority,
        language: r.language,
        note: r.comments.join('\n\n') || null,
      })
      if (created) {
        opened++
        await queueOwnerAlert(tx, created, 'opened')
      }
    })
  }
  const newest = fresh.at(-1)?.completedAt
  if (newest && newest > from)
    await db.query(sql`insert into job_cursors (name, position) values (${responseCursor}, ${newest})
      on conflict (name) do update set position = greatest(job_cursors.position, excluded.position)`)
  else if (!cursor)
    await db.query(sql`insert into job_cursors (name, position) values (${responseCursor}, ${from})
      on conflict (name) do nothing`)
  return opened
}

async function queueOwnerAlert(
  tx: Db,
  k: CaseRow,
  why: 'opened' | 'first_reply' | 'resolution',
  to?: string | null,
) {
  const userId = to ?? k.ownerUserId
  if (!userId) return
  await enqueueJob(tx, {
    kind: CASE_ALERT_JOB,
    workspaceId: null,
    dedupeKey: `case-alert:${k.id}:${why}`,
    payload: { caseId: k.id, userId, why },
  })
}

/**
 * Escalates every open case past its first-reply or resolution target to its unit's manager, once per case and
 * breach: the unique (case, kind) row decides, so two workers or two runs escalate it once.
 */
export async function escalateBreaches(db: Db, now: Date = new Date()): Promise<number> {
  const due = await db.query<{ id: string; workspaceId: string; kind: 'first_reply' | 'resolution' }>(sql`
    select k.id, k.workspace_id as "workspaceId", b.kind from cases k
    cross join lateral (values
      ('first_reply', k.first_reply_at is null and k.first_reply_due_at < ${now}),
      ('resolution', k.resolution_due_at < ${now})) as b(kind, breached)
    where k.status in ('new', 'in_progress') and b.breached
      and not exists (select 1 from case_escalations e where e.case_id = k.id and e.kind = b.kind)
    limit 500`)
  let escalated = 0
  for (const breach of due) {
    const done = await db.transaction(async (tx) => {
      const [k] = await tx.query<CaseRow>(sql`select id, number, subject, status, org_unit_id as "orgUnitId",
          owner_user_id as "ownerUserId", priority, customer_id as "customerId", resolution_summary as "resolutionSummary"
        from cases where id = ${breach.id}`)
      if (!k) return false
      const manager = await unitManager(tx, breach.workspaceId, k.orgUnitId)
      const [row] =
        await tx.query(sql`insert into case_escalations (case_id, kind, workspace_id, manager_user_id)
        values (${breach.id}, ${breach.kind}, ${breach.workspaceId}, ${manager})
        on conflict (case_id, kind) do nothing returning case_id`)
      if (!row) return false
      await tx.query(sql`insert into case_events (workspace_id, case_id, kind, details)
        values (${breach.workspaceId}, ${breach.id}, 'escalated',
          ${JSON.stringify({ breach: breach.kind, managerUserId: manager })}::jsonb)`)
      await emitEvent(tx, breach.workspaceId, 'case.updated', {
        id: k.id,
        number: k.number,
        subject: k.subject,
        status: k.status,
        priority: k.priority,
        escalated: breach.kind,
        managerUserId: manager,
      })
      await queueOwnerAlert(tx, k, breach.kind, manager)
      return true
    })
    if (done) escalated++
  }
  return escalated
}

/** The alert job: an e-mail to the owner (case opened) or the manager (case escalated). */
export function caseAlertHandler(send: SendAlert, baseUrl: string): JobHandler {
  return async (job, db) => {
    const { caseId, userId, why } = job.payload as { caseId: string; userId: string; why: string }
    const [row] = await db.query<{ email: string; number: number; subject: string; workspaceId: string }>(sql`
      select u.email, k.number, k.subject, k.workspace_id as "workspaceId"
      from cases k join users u on u.id = ${userId}::uuid where k.id = ${caseId}::uuid`)
    if (!row) return
    const what =
      why === 'opened' ? 'New case' : why === 'first_reply' ? 'First reply overdue' : 'Resolution overdue'
    await send({
      to: row.email,
      subject: `[Rapport] ${what}: #${row.number} ${row.subject}`,
      text: `${what}: case #${row.number} — ${row.subject}\n\n${baseUrl}/w/${row.workspaceId}/cases/${caseId}\n`,
    })
  }
}

/** The cases capability's schedules and handlers, as the composition root wires them. */
export function caseWork(options: {
  responses: CompletedResponses
  signals: ReadSignals
  sendAlert: SendAlert
  baseUrl: string
  /** Deliver to receivers on private addresses too (RAPPORT_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivateWebhooks?: boolean
}): BackgroundWork {
  return {
    handlers: { [CASE_ALERT_JOB]: caseAlertHandler(options.sendAlert, options.baseUrl) },
    schedules: [
      {
        name: 'cases.responses',
        everySeconds: 5,
        run: async (db) => void (await scanResponses(db, options.responses)),
      },
      { name: 'cases.escalate', everySeconds: 60, run: async (db) => void (await escalateBreaches(db)) },
      {
        name: 'cases.signals',
        everySeconds: 3600,
        run: async (db) => void (await openSignalCases(db, options.signals)),
      },
      {
        name: 'webhooks.deliver',
        everySeconds: 1,
        run: async (db) =>
          void (await deliverDueWebhooks(db, { allowPrivate: options.allowPrivateWebhooks })),
      },
    ],
  }
}

/** A behavioural signal about a customer; `key` names the occurrence (one case per customer, kind and key). */
export interface BehaviourSignal {
  customerId: string
  kind: 'habit_broken' | 'p_alive_falling'
  key: string
  detail: string
}

/** Reads a workspace's current signals (the segments' and forecasts' stored results, passed in). */
export type ReadSignals = (db: Db, workspaceId: string, limit: number) => Promise<BehaviourSignal[]>

/** Opens a case for each new signal of every workspace (at most `limit` a workspace a run). */
export async function openSignalCases(
  db: Db,
  read: ReadSignals,
  now: Date = new Date(),
  limit = 20,
): Promise<number> {
  const workspaces = await db.query<{ id: string }>(sql`select id from workspaces order by id`)
  let opened = 0
  for (const ws of workspaces) {
    for (const signal of await read(db, ws.id, limit)) {
      const created = await db.transaction(async (tx) => {
        const k = await openCase(
          tx,
          ws.id,
          {
            source: 'signal',
            sourceKey: `signal:${signal.kind}:${signal.customerId}:${signal.key}`,
            rule: signal.kind,
            customerId: signal.customerId,
            subject: signal.detail,
            priority: signal.kind === 'p_alive_falling' ? 'high' : 'normal',
          },
          now,
        )
        if (k) await queueOwnerAlert(tx, k, 'opened')
        return k
      })
      if (created) opened++
    }
  }
  return opened
}
