import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Db } from './db.js'

/**
 * The same database, but each statement first lets the event loop turn. PGlite runs a statement synchronously
 * in this process: a long chain of them (the demo load) would otherwise keep the server from answering
 * requests, and its timers from firing, until the chain ends.
 */
export function yieldingDb(db: Db): Db {
  return {
    kind: db.kind,
    async query(query) {
      await nextTurn()
      return db.query(query)
    },
    async exec(script) {
      await nextTurn()
      return db.exec(script)
    },
    transaction: async (fn) => {
      await nextTurn()
      return db.transaction((tx) => fn(yieldingDb(tx)))
    },
    async copyFrom(table, columns, text) {
      await nextTurn()
      return db.copyFrom(table, columns, text)
    },
    batches: (query, size) => db.batches(query, size),
    ...(db.connect ? { connect: async () => yieldingDb(await db.connect!()) } : {}),
    close: () => db.close(),
  }
}
