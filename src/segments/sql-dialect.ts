import { type Sql, sql } from '../db/sql.js'

// Where the rules' engines truly differ, as named fragments: the segment rules are one SQL text in the common
// dialect of PostgreSQL, PGlite and DuckDB, and spell these few things through the dialect they run on.

/** PostgreSQL and PGlite. */
export const postgresDialect = {
  /** Integer division, truncating: `/` of two integers is a double in DuckDB. */
  div: (a: Sql, b: Sql) => sql`(${a}) / (${b})`,
  /** Exact decimal type for ratios and medians: DuckDB's bare `numeric` is decimal(18,3). */
  numeric: sql.raw('numeric'),
  /** Text compared by its UTF-8 bytes (DuckDB compares text so by default). */
  byteOrder: sql.raw('collate "C"'),
  /** Square root of an exact number: DuckDB's sqrt is of doubles, and a wide decimal's cast to one is slow. */
  sqrt: (a: Sql) => sql`sqrt((${a})::numeric)`,
  /**
   * XYZ's monthly spread and squared revenue, as they are compared: exact numbers in PostgreSQL; in DuckDB, whose `^`
   * is of doubles, the comparisons are of doubles anyway, and each wide decimal is cast to one once, not at each use.
   */
  spread: (a: Sql) => a,
}

export type SqlDialect = typeof postgresDialect

/** DuckDB, the engine of the stateless file analyses. */
export const duckdbDialect: SqlDialect = {
  div: (a, b) => sql`(${a}) // (${b})`,
  numeric: sql.raw('decimal(38, 10)'),
  byteOrder: sql.empty,
  sqrt: (a) => sql`sqrt((${a})::double)`,
  spread: (a) => sql`(${a})::double`,
}
