import type { DbKind } from '../src/db/db.js'
import { postgresReachable } from '../src/db/test-db.js'
import { type DurabilityReport, runDurability, type StreamTally } from './durability-run.js'

const ORDERS_PER_REQUEST = 100
const CONNECTIONS = 16

/**
 * `npm run bench -- durability [answers] [orders] [kills] [driver]`: the crash drive of e2e/durability.test.ts
 * at full size, on PostgreSQL and on PGlite (or the one driver named). Reports acknowledged, stored,
 * duplicated and lost ids per stream; duplicated and lost must be 0.
 */
export async function benchDurability(
  answers: number,
  orders: number,
  kills: number,
  only?: DbKind,
): Promise<void> {
  console.log(
    `durability bench: ${answers.toLocaleString('en')} answers and ${orders.toLocaleString('en')} orders (${ORDERS_PER_REQUEST} per request), ` +
      `${CONNECTIONS} clients per stream, ${kills} SIGKILLs mid-stream; the server in its own process, on loopback`,
  )
  const drivers: DbKind[] = only ? [only] : ['postgres', 'pglite']
  for (const driver of drivers) {
    if (driver === 'postgres' && !(await postgresReachable())) {
      console.log('  postgres: not reachable, skipped')
      continue
    }
    const report = await runDurability({
      driver,
      answers,
      orders,
      ordersPerRequest: ORDERS_PER_REQUEST,
      kills,
      connections: CONNECTIONS,
      log: (line) => console.log(`  ${line}`),
    })
    printReport(report)
    const broken = [report.answers, report.orders].some(
      (s) => s.lost > 0 || s.duplicated > 0 || s.unknown > 0,
    )
    if (broken) process.exitCode = 1
  }
}

/** The driver argument: postgres, pglite, or none for both. */
export function durabilityDriver(name: string | undefined): DbKind | undefined {
  if (name === undefined || name === 'postgres' || name === 'pglite') return name
  throw new Error(`durability: driver must be postgres or pglite, not ${name}`)
}

function printReport(report: DurabilityReport): void {
  console.log(
    `  ${report.driver}: ${report.kills} SIGKILLs, ${report.seconds.toFixed(1)} s in all (restarts included)`,
  )
  console.log(
    `    ${'stream'.padEnd(8)}${['requests', 'retried', 'acknowledged', 'stored', 'duplicated', 'lost'].map((h) => h.padStart(13)).join('')}`,
  )
  const row = (name: string, s: StreamTally) =>
    console.log(
      `    ${name.padEnd(8)}${[s.requests, s.retried, s.acknowledged, s.stored, s.duplicated, s.lost].map((n) => n.toLocaleString('en').padStart(13)).join('')}`,
    )
  row('answers', report.answers)
  row('orders', report.orders)
  const exact = [report.answers, report.orders].every(
    (s) => s.lost === 0 && s.duplicated === 0 && s.unknown === 0,
  )
  console.log(
    `    exactly once: ${exact ? 'yes' : 'NO'} (0 duplicated and 0 lost required; ids stored that no request sent: ${report.answers.unknown + report.orders.unknown})`,
  )
}
