import type { Command } from 'commander'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import { sql } from '../db/sql.js'
import { type CaseStatus, caseStatusSchema, getCase, listCases } from './cases.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

function clock(seconds: number | null): string {
  if (seconds === null) return 'paused'
  const h = Math.floor(Math.abs(seconds) / 3600)
  const m = Math.floor((Math.abs(seconds) % 3600) / 60)
  return seconds < 0 ? `${h}h${m}m over` : `${h}h${m}m left`
}

/** `rapport cases list|show`: the case inbox and one case's history from the terminal. */
export function registerCaseCommands(program: Command): void {
  const cases = program
    .command('cases')
    .description('closed-loop cases: the inbox and a case with its history')
  cases
    .command('list')
    .description('open cases, most urgent first, with their SLA clock (business hours)')
    .option('--status <list>', 'comma-separated: new,in_progress,waiting_on_customer,resolved,closed')
    .option('--breached', 'only cases past a first-reply or resolution target')
    .option('--limit <n>', 'how many', '50')
    .option(...workspaceOption)
    .action(async (o: { status?: string; breached?: boolean; limit: string; workspace?: string }) => {
      const status = (o.status ?? 'new,in_progress,waiting_on_customer').split(',').filter(Boolean)
      for (const s of status)
        if (!caseStatusSchema.safeParse(s).success)
          throw new UsageError(`--status: '${s}' is not a case status`)
      const limit = Number(o.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new UsageError('--limit: a whole number 1–500')
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const page = await listCases(
          db,
          { workspaceId: ws.id, unitPath: null },
          { status: status as CaseStatus[], ...(o.breached ? { breached: true } : {}) },
          { limit, offset: 0 },
        )
        for (const k of page.items)
          console.log(
            [
              `#${k.number}`,
              k.status,
              k.priority,
              clock(k.secondsLeft),
              k.ownerName ?? '(unassigned)',
              k.subject,
            ].join('\t'),
          )
        console.log(`${page.items.length} of ${page.total} cases`)
      })
    })
  cases
    .command('show')
    .description('one case: its customer, owner, SLA targets and full history')
    .argument('<number>', 'the case number (#12 or 12)')
    .option(...workspaceOption)
    .action(async (wanted: string, o: { workspace?: string }) => {
      const number = Number(wanted.replace(/^#/, ''))
      if (!Number.isInteger(number) || number < 1) throw new UsageError(`'${wanted}' is not a case number`)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const access = { workspaceId: ws.id, unitPath: null }
        const [row] = await db.query<{ id: string }>(
          sql`select id from cases where workspace_id = ${ws.id} and number = ${number}`,
        )
        const k = row ? await getCase(db, access, row.id) : undefined
        if (!k) throw new CliError(`no case #${number} in this workspace`)
        console.log(`#${k.number} ${k.subject}`)
        console.log(`status ${k.status}, priority ${k.priority}, owner ${k.ownerName ?? '(unassigned)'}`)
        console.log(`customer ${k.customerName ?? '-'}, unit ${k.orgUnitName ?? '-'}`)
        console.log(
          `first reply due ${k.firstReplyDueAt?.toISOString() ?? '-'}, resolution due ${k.resolutionDueAt?.toISOString() ?? 'paused'} (${clock(k.secondsLeft)})`,
        )
        if (k.resolutionSummary) console.log(`resolution: ${k.resolutionSummary}`)
        for (const e of k.events)
          console.log(
            `${e.at.toISOString()}  ${e.kind}${e.actorName ? ` by ${e.actorName}` : ''}${e.body ? `: ${e.body}` : ''}`,
          )
      })
    })
}
