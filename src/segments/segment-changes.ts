import { emitEventsFrom } from '../cases/webhooks.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

/**
 * Queues a `customer.segment_changed` webhook for each customer whose segment in the new generation differs
 * from the one in the current generation; call it in the transaction that makes the new one current. A customer
 * new to the results has no earlier segment and no event: the first run would otherwise announce everyone.
 */
export async function emitSegmentChanges(tx: Db, workspaceId: string, generation: string): Promise<number> {
  return emitEventsFrom(
    tx,
    workspaceId,
    'customer.segment_changed',
    sql`select jsonb_build_object('customerId', n.customer_id, 'externalId', c.external_id, 'from', o.segment,
        'to', n.segment, 'asOf', n.as_of::text) as data
      from segment_generations g
      join segment_results o on o.workspace_id = g.workspace_id and o.generation = g.generation
      join segment_results n on n.workspace_id = g.workspace_id and n.generation = ${generation}
        and n.customer_id = o.customer_id
      join customers c on c.id = n.customer_id
      where g.workspace_id = ${workspaceId} and o.segment is distinct from n.segment`,
  )
}
