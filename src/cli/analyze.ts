import type { Command } from 'commander'
import { sql } from '../db/sql.js'
import { resolveWorkspace, withDb } from './context.js'

/** `rapport analyze …`: analyses over the stored record; capabilities add their own subcommands (main.ts wires them). */
export function registerAnalyzeCommand(program: Command): Command {
  const analyze = program.command('analyze').description('analyses over the stored customer record')
  analyze
    .command('summary')
    .description('what the record holds: customers, orders, revenue by currency, events, time span')
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .option('--json', 'print JSON instead of text')
    .action(async (o: { workspace?: string; json?: boolean }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const [counts] = await db.query<{
          customers: number
          buyers: number
          orders: number
          events: number
        }>(sql`
          select (select count(*)::int from customers where workspace_id = ${ws.id}) as customers,
            (select count(distinct customer_id)::int from orders where workspace_id = ${ws.id}) as buyers,
            (select count(*)::int from orders where workspace_id = ${ws.id}) as orders,
            (select count(*)::int from events where workspace_id = ${ws.id}) as events`)
        const revenue = await db.query<{
          currency: string
          revenue: string
          orders: number
          first: Date
          last: Date
        }>(sql`
          select currency, sum(amount)::text as revenue, count(*)::int as orders, min(ordered_at) as first,
            max(ordered_at) as last
          from orders where workspace_id = ${ws.id} group by currency order by currency`)
        if (o.json) {
          console.log(JSON.stringify({ workspace: ws, ...counts, revenue }, null, 2))
          return
        }
        console.log(
          `${ws.name}: ${counts!.customers} customers (${counts!.buyers} with orders), ${counts!.orders} orders, ${counts!.events} events`,
        )
        for (const r of revenue) {
          console.log(
            `  ${r.currency}: revenue ${r.revenue} over ${r.orders} orders, ${r.first.toISOString().slice(0, 10)} to ${r.last.toISOString().slice(0, 10)}`,
          )
        }
      })
    })
  return analyze
}
