import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { createOrgUnit } from '../access/org-units.js'
import { createOrganization, createWorkspace, needsSetup } from '../access/workspaces.js'
import { UsageError, withDb } from '../cli/context.js'
import { sql } from '../db/sql.js'
import { createDemoOwner } from './demo-owner.js'
import { loadDemo } from './load-demo.js'

/** `rapport demo`: a new workspace with the seeded demo web shop. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('create a demo workspace: a web shop with a year of customers, orders and journey events')
    .option('--customers <n>', 'how many customers', '3000')
    .option('--seed <n>', 'the random seed (the same seed gives the same data)', '42')
    .option('--name <name>', 'the workspace name', 'Demo web shop')
    .action(async (o: { customers: string; seed: string; name: string }) => {
      const customers = Number(o.customers)
      const seed = Number(o.seed)
      if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) {
        throw new UsageError('--customers: a whole number from 1 to 1000000')
      }
      await withDb(async (db) => {
        const firstRun = await needsSetup(db)
        const [org] = await db.query<{ id: string }>(
          sql`select id from organizations order by created_at limit 1`,
        )
        const organizationId = org?.id ?? (await createOrganization(db, 'Demo company')).id
        const workspace = await createWorkspace(db, organizationId, o.name)
        await createOrgUnit(db, workspace.id, { code: 'company', name: o.name, kind: 'company' })
        const owner = firstRun
          ? await createDemoOwner(db, { organizationId, workspaceId: workspace.id })
          : undefined
        if (!owner) {
          // Every owner of the organization sees the new demo workspace.
          await db.query(sql`insert into memberships (workspace_id, user_id, role)
            select distinct ${workspace.id}::uuid, m.user_id, 'owner' from memberships m
            join workspaces w on w.id = m.workspace_id where w.organization_id = ${organizationId} and m.role = 'owner'
            on conflict do nothing`)
        }
        const bars = process.stderr.isTTY
          ? new cliProgress.MultiBar(
              { format: '{kind} {bar} {value}/{total}', stream: process.stderr, hideCursor: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined
        const byKind = new Map<string, cliProgress.SingleBar>()
        const reports = await loadDemo(db, workspace.id, {
          customers,
          seed,
          onProgress: (kind, done, total) => {
            if (!bars) return
            const bar = byKind.get(kind) ?? bars.create(total, 0, { kind: kind.padEnd(9) })
            byKind.set(kind, bar)
            bar.update(done)
          },
        })
        bars?.stop()
        console.log(`demo workspace "${workspace.name}" (${workspace.id}):`)
        for (const [kind, r] of Object.entries(reports)) console.log(`  ${kind}: ${r.imported} imported`)
        if (owner) {
          console.log(`log in at http://localhost:4400 as ${owner.email} with password ${owner.password}`)
          console.log(
            '(generated for this database and shown only now: keep it, or add a user with `rapport user add`)',
          )
        }
      })
    })
}
