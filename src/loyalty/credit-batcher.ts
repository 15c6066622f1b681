import type { Db } from '../db/db.js'
import { type CustomerCredit, creditCustomers, type Lot } from './ledger.js'

type Outcome = { lot: Lot; created: boolean } | undefined

interface Waiting {
  credit: CustomerCredit
  resolve: (outcome: Outcome) => void
  reject: (error: unknown) => void
}

const MAX_BATCH = 64
const waiting = new WeakMap<Db, Map<string, Waiting[]>>()

/**
 * Credits a customer of the workspace as creditCustomers does, together with the other credits to the same workspace
 * through the same Db that arrive before the event loop's next turn: one statement and one commit for them all.
 * Each credit still succeeds or fails on its own (a batch that fails is retried one credit at a time).
 */
export function creditCustomer(db: Db, workspaceId: string, credit: CustomerCredit): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let byWorkspace = waiting.get(db)
    if (!byWorkspace) {
      byWorkspace = new Map()
      waiting.set(db, byWorkspace)
    }
    const queue = byWorkspace.get(workspaceId)
    if (queue) {
      queue.push({ credit, resolve, reject })
      return
    }
    const started: Waiting[] = [{ credit, resolve, reject }]
    byWorkspace.set(workspaceId, started)
    const workspaces = byWorkspace
    setImmediate(() => {
      workspaces.delete(workspaceId)
      for (const batch of batches(started)) void run(db, workspaceId, batch)
    })
  })
}

/** The credits in batches of distinct (customer, source, rule): a repeat waits for a later batch. */
function batches(credits: Waiting[]): Waiting[][] {
  const out: { keys: Set<string>; items: Waiting[] }[] = []
  for (const item of credits) {
    const { customerId, sourceType, sourceId, rule } = item.credit
    const key = JSON.stringify([customerId, sourceType, sourceId, rule])
    let batch = out.find((b) => !b.keys.has(key) && b.items.length < MAX_BATCH)
    if (!batch) {
      batch = { keys: new Set(), items: [] }
      out.push(batch)
    }
    batch.keys.add(key)
    batch.items.push(item)
  }
  return out.map((b) => b.items)
}

async function run(db: Db, workspaceId: string, batch: Waiting[]): Promise<void> {
  if (batch.length > 1) {
    try {
      const outcomes = await creditCustomers(
        db,
        { workspaceId, unitPath: null },
        batch.map((w) => w.credit),
      )
      for (const [i, w] of batch.entries()) outcomes[i]?.then(w.resolve, w.reject)
      return
    } catch {
      // A deadlock with another batch, a member deleted meanwhile: each credit on its own says which failed.
    }
  }
  await Promise.all(batch.map((w) => creditAlone(db, workspaceId, w)))
}

async function creditAlone(db: Db, workspaceId: string, { credit, resolve, reject }: Waiting): Promise<void> {
  try {
    const [outcome] = await creditCustomers(db, { workspaceId, unitPath: null }, [credit])
    resolve(await outcome)
  } catch (error) {
    reject(error)
  }
}
