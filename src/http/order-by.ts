import { z } from 'zod'
import { type Sql, sql } from '../db/sql.js'

// Server-side sorting of a paged list: the query's `sort` names a column of a fixed map of SQL fragments (the
// text of the ORDER BY never comes from the request), `dir` its direction.

export const sortDirs = ['asc', 'desc'] as const
export type SortDir = (typeof sortDirs)[number]

/**
 * A list's `sort` and `dir` query parameters, to spread into its query schema.
 * @example query: pagingQuery().extend(sortQuery(atRiskSorts, 'by revenue at risk, largest first'))
 */
export function sortQuery<const K extends readonly [string, ...string[]]>(keys: K, whenAbsent: string) {
  return {
    sort: z.enum(keys).optional().describe(`the column to sort by; when absent, ${whenAbsent}`),
    dir: z
      .enum(sortDirs)
      .optional()
      .describe('the direction of sort (ascending when absent); empty values come last either way'),
  }
}

/**
 * The ORDER BY list for a chosen column: its fragment in the direction with empty values last, then the tiebreak
 * fragments in the same direction (so that descending is ascending reversed, empty values aside), which must make
 * the order total for paging to be stable.
 * @example sql`… order by ${orderBy(columns, { sort: 'revenue', dir: 'desc' }, [sql`c.external_id`])}`
 */
export function orderBy<K extends string>(
  columns: Readonly<Record<K, Sql>>,
  choice: { sort: K; dir?: SortDir | undefined },
  tiebreak: readonly Sql[],
): Sql {
  const dir = choice.dir === 'desc' ? sql`desc` : sql`asc`
  return sql.join(
    [sql`${columns[choice.sort]} ${dir} nulls last`, ...tiebreak.map((column) => sql`${column} ${dir}`)],
    ', ',
  )
}
