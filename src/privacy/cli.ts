import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { systemActor } from '../access/audit.js'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { eraseCustomer, exportCustomerData } from './customer-data.js'

const wholeWorkspace = (workspaceId: string) => ({ workspaceId, unitPath: null, actor: systemActor })

/** The stored customer by its own id (the shop's) or Rapport's uuid. */
async function resolveCustomer(db: Db, workspaceId: string, wanted: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(sql`select id::text from customers
    where workspace_id = ${workspaceId} and (external_id = ${wanted} or id::text = ${wanted})`)
  if (!row) throw new CliError(`no customer '${wanted}' in this workspace`)
  return row.id
}

/** `rapport customer export|erase`: a customer's data rights from the terminal. */
export function registerPrivacyCommands(program: Command): void {
  const customer = program.command('customer').description("a customer's data: export it, erase it")
  customer
    .command('export')
    .description('everything held about one customer, as JSON')
    .argument('<customer>', "the customer's id (as imported) or Rapport's id")
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (wanted: string, o: { workspace?: string; out?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const id = await resolveCustomer(db, ws.id, wanted)
        const text = `${JSON.stringify(await exportCustomerData(db, wholeWorkspace(ws.id), id), null, 2)}\n`
        if (o.out) writeFileSync(o.out, text)
        else process.stdout.write(text)
      })
    })
  customer
    .command('erase')
    .description("erase a customer's personal data; orders and scores stay, anonymous (audited)")
    .argument('<customer>', "the customer's id (as imported) or Rapport's id")
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .option('--reason <text>', 'why, for the audit log (e.g. "erasure request 2026-12-06")')
    .option('--yes', 'really erase: it cannot be undone')
    .action(async (wanted: string, o: { workspace?: string; reason?: string; yes?: boolean }) => {
      if (!o.yes) throw new UsageError('erasing cannot be undone: add --yes to confirm')
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const id = await resolveCustomer(db, ws.id, wanted)
        await eraseCustomer(db, wholeWorkspace(ws.id), id, o.reason)
        console.log(`erased customer ${id} in ${ws.name}`)
      })
    })
}
