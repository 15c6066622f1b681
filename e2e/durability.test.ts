import { describe, expect, test } from 'vitest'
import { runDurability } from '../bench/durability-run.js'
import { postgresReachable } from '../src/db/test-db.js'

// The server in its own process, killed with SIGKILL twice while answers and orders are in flight, and
// restarted: whatever it acknowledged is stored, once, and the clients' retries add nothing.
// `npm run bench -- durability` runs the same drive at full size.

const drivers = [
  { name: 'pglite', available: async () => true },
  { name: 'postgres', available: postgresReachable },
] as const

for (const driver of drivers) {
  describe.skipIf(!(await driver.available()))(`a crash on ${driver.name}`, () => {
    test('every acknowledged answer and order is stored exactly once after SIGKILLs and retries', async () => {
      const report = await runDurability({
        driver: driver.name,
        answers: 300,
        orders: 300,
        ordersPerRequest: 10,
        kills: 2,
        connections: 8,
      })
      expect(report.kills).toBe(2)
      for (const stream of [report.answers, report.orders]) {
        expect(stream.acknowledged).toBe(300)
        expect(stream.lost).toBe(0)
        expect(stream.duplicated).toBe(0)
        expect(stream.unknown).toBe(0)
        expect(stream.stored).toBe(300)
      }
      // The kills landed mid-stream: some requests got no answer and were sent again.
      expect(report.answers.retried + report.orders.retried).toBeGreaterThan(0)
    }, 180_000)
  })
}
