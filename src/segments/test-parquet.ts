import { openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'

// Test support only: Parquet fixtures made by DuckDB from CSV text, so that no binary file is committed.

/**
 * Writes the CSV file `csv` as the Parquet file `parquet`, every column as text unless `types` names the
 * DuckDB type of some (`{ amount: 'decimal(12, 2)', ordered_at: 'timestamp' }`).
 */
export async function writeParquet(
  csv: string,
  parquet: string,
  types: Record<string, string> = {},
): Promise<void> {
  const duck = await openDuckDb()
  try {
    const columns = await duck.rows<{ name: string }>(
      sql`select column_name as name from (describe select * from read_csv(${csv}, all_varchar = true))`,
    )
    const select = columns
      .map(({ name }) => {
        const quoted = `"${name.replaceAll('"', '""')}"`
        return types[name] ? `${quoted}::${types[name]} as ${quoted}` : quoted
      })
      .join(', ')
    const from = sql`read_csv(${csv}, all_varchar = true)`
    await duck.connection.run(
      `copy (select ${select} from ${from.inlined}) to '${parquet.replaceAll("'", "''")}' (format parquet)`,
    )
  } finally {
    duck.close()
  }
}
