import type { Command } from 'commander'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import { type Comparison, getChange, listChanges } from './loop-changes.js'
import { listCampaigns } from './outreach.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

function mean(value: number | null): string {
  return value === null ? '-' : value.toFixed(2)
}

/** One line: each group's mean next score with its n, and the difference or "not enough data". */
export function comparisonLine(c: Comparison): string {
  const groups = `told ${mean(c.told.meanNext)} (n=${c.told.n}), not told ${mean(c.notTold.meanNext)} (n=${c.notTold.n})`
  if (!c.difference) return `${groups}: not enough data`
  const d = c.difference
  return `${groups}: difference ${d.value.toFixed(2)} [${d.low.toFixed(2)}, ${d.high.toFixed(2)}]`
}

/** `rapport changes list|show`: the "you said, we did" log from the terminal. */
export function registerChangeCommands(program: Command): void {
  const changes = program
    .command('changes')
    .description('"you said, we did": changes told to the customers who raised them, and their next scores')
  changes
    .command('list')
    .description('the log of changes, newest first, with the told and not-told next scores')
    .option('--limit <n>', 'how many', '20')
    .option(...workspaceOption)
    .action(async (o: { limit: string; workspace?: string }) => {
      const limit = Number(o.limit)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new UsageError('--limit: a whole number 1–100')
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const page = await listChanges(db, { workspaceId: ws.id, unitPath: null }, { limit, offset: 0 })
        for (const ch of page.items)
          console.log(
            [
              ch.id,
              ch.createdAt.toISOString().slice(0, 10),
              ch.title,
              `sent ${ch.counts.sent}, held back ${ch.counts.suppressed}, deselected ${ch.counts.deselected}`,
              ch.notifiedAt ? comparisonLine(ch.comparison) : 'not sent yet',
            ].join('\t'),
          )
        console.log(`${page.items.length} of ${page.total} changes`)
      })
    })
  changes
    .command('show')
    .description('one change: the customers who raised it, whether each was told, and their next scores')
    .argument('<id>', 'the change id')
    .option(...workspaceOption)
    .action(async (id: string, o: { workspace?: string }) => {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new UsageError(`'${id}' is not a change id`)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const ch = await getChange(db, { workspaceId: ws.id, unitPath: null }, id)
        if (!ch) throw new CliError(`no change ${id} in this workspace`)
        console.log(ch.title)
        console.log(ch.touchpoint ? `touchpoint ${ch.touchpoint}` : `theme ${ch.themeWords?.join(', ')}`)
        console.log(ch.notifiedAt ? comparisonLine(ch.comparison) : 'not sent yet')
        for (const c of ch.customers)
          console.log(
            [c.externalId, c.name ?? '-', c.raisedScore, c.status, c.reason ?? '', c.nextScore ?? '-'].join(
              '\t',
            ),
          )
      })
    })
  program
    .command('outreach')
    .description('outreach campaigns: silent, broken-habit and at-risk customers')
    .command('list')
    .description(
      'campaigns, newest first, with sends and outcomes (replied, bought again, answered a survey)',
    )
    .option(...workspaceOption)
    .action(async (o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const items = await listCampaigns(db, { workspaceId: ws.id, unitPath: null })
        for (const k of items)
          console.log(
            [
              k.name,
              k.list,
              `sent ${k.sent} of ${k.recipients}, held back ${k.suppressed}`,
              `replied ${k.replied}, bought again ${k.boughtAgain}, answered ${k.answeredSurvey} (${k.outcomeDays} days)`,
            ].join('\t'),
          )
        console.log(`${items.length} campaigns`)
      })
    })
}
