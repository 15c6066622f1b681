import type { Sql } from './sql.js'

type Run = (text: string, values?: unknown[]) => Promise<unknown[]>

let cursors = 0

/**
 * The rows of query through a cursor, `size` at a time. Without a transaction around it the cursor must be
 * declared `with hold` (PGlite's single connection); inside one, a plain cursor streams without materializing.
 */
export async function* cursorBatches<T>(
  run: Run,
  query: Sql,
  size: number,
  hold: boolean,
): AsyncGenerator<T[]> {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, not ${size}`)
  const name = `rapport_cursor_${++cursors}`
  await run(
    `declare ${name} no scroll cursor${hold ? ' with hold' : ''} for ${query.text}`,
    query.values as unknown[],
  )
  try {
    for (;;) {
      const rows = (await run(`fetch forward ${size} from ${name}`)) as T[]
      if (rows.length > 0) yield rows
      if (rows.length < size) return
    }
  } finally {
    // After a failed statement the transaction is aborted and the cursor gone with it: nothing to close.
    await run(`close ${name}`).catch(() => {})
  }
}
