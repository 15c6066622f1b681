import { stat } from 'node:fs/promises'
import { type DuckDb, openDuckDb } from '../db/duckdb.js'
import { type Sql, sql } from '../db/sql.js'
import type { FitData } from './forecast-models.js'
import { indexGroups } from './summary-groups.js'

/** One customer's calibration summary as read from a file. */
export interface SummaryFileRow {
  id: string
  x: number
  tx: number
  T: number
  mx?: number
}

/** A summary file that cannot be used; `problems` name the line of its first bad rows. */
export class SummaryFileError extends Error {
  constructor(
    message: string,
    readonly problems: { line: number; message: string }[] = [],
  ) {
    super(message)
    this.name = 'SummaryFileError'
  }
}

type Key = 'id' | 'x' | 'tx' | 'T' | 'mx'

// Accepted header names: ours, and those of the lifetimes package's summary files.
const aliases: Record<string, Key> = {
  id: 'id',
  customer_id: 'id',
  x: 'x',
  frequency: 'x',
  t_x: 'tx',
  recency: 'tx',
  T: 'T',
  m_x: 'mx',
  monetary_value: 'mx',
  zbar: 'mx',
}
const labels: Record<Key, string> = { id: 'id', x: 'x', tx: 't_x', T: 'T', mx: 'm_x' }
const csvOptions = sql.raw(`header = true, delim = ',', quote = '"', escape = '"', null_padding = true`)
const MAX_PROBLEMS = 10

/**
 * Reads a summary file (CSV, optionally .gz, or Parquet; columns id, x, t_x, T and optional m_x) in DuckDB: the
 * customers as the fits take them and, with `rows`, each customer's row in the file's order. Rejects negative or
 * fractional counts, t_x > T, x = 0 with t_x > 0 and non-numbers, naming the lines of the first ten.
 */
export async function readSummaryFile(
  path: string,
  options: { rows?: boolean } = {},
): Promise<FitData & { rows?: SummaryFileRow[] }> {
  const size = await stat(path).then(
    (s) => s.size,
    (error: Error) => {
      throw new SummaryFileError(`${path}: cannot be read (${error.message})`)
    },
  )
  if (size === 0) throw new SummaryFileError(`${path}: the file is empty`)
  const duck = await openDuckDb()
  try {
    const parquet = /\.parquet$/i.test(path)
    const text = parquet
      ? sql`read_parquet(${path})`
      : sql`read_csv(${path}, all_varchar = true, ${csvOptions})`
    const header = await columnNames(duck, text, path)
    const columns = columnsOf(header, path)
    // Numbers read as doubles (as DuckDB parses the CSV, or Parquet's own) are much faster than text cast
    // afterwards; a value that is no number fails that whole read, and then the text is read and checked row by row.
    let summaries = checkedSummaries(parquet ? text : typedCsv(path, header, columns), columns, true)
    let groups = await groupCustomers(duck, summaries).catch(() => null)
    if (!groups) {
      summaries = checkedSummaries(text, columns, false)
      groups = await groupCustomers(duck, summaries)
    }
    if (groups.bad > 0) throw await badRows(duck, checkedSummaries(text, columns, false), path)
    if (groups.fit.customers === 0) throw new SummaryFileError(`${path}: no customers`)
    const mx = columns.has('mx')
    return {
      groups: groups.fit,
      spend: mx ? await repeatSpend(duck, summaries) : null,
      ...(options.rows ? { rows: await readRows(duck, summaries, mx) } : {}),
    }
  } finally {
    duck.close()
  }
}

async function columnNames(duck: DuckDb, source: Sql, path: string): Promise<string[]> {
  try {
    const columns = await duck.rows<{ name: string }>(
      sql`select column_name as name from (describe select * from ${source})`,
    )
    return columns.map((c) => c.name)
  } catch (error) {
    const message = (error as Error).message
    if (/empty|no data|no columns/i.test(message)) throw new SummaryFileError(`${path}: the file is empty`)
    throw new SummaryFileError(`${path}: not a valid file (${message.split('\n')[0]})`)
  }
}

/** The header's column of each summary field (the first of its names), or the error naming those missing. */
function columnsOf(header: string[], path: string): Map<Key, string> {
  const columns = new Map<Key, string>()
  for (const h of header) {
    const key = aliases[h.trim()] ?? aliases[h.trim().toLowerCase()]
    if (key && !columns.has(key)) columns.set(key, h)
  }
  const missing = (['id', 'x', 'tx', 'T'] as const).filter((k) => !columns.has(k))
  if (missing.length > 0) {
    throw new SummaryFileError(
      `${path}: missing column ${missing.map((k) => labels[k]).join(', ')} (expected id,x,t_x,T and optional m_x; found ${header.join(',')})`,
    )
  }
  return columns
}

const quoted = (name: string) => `'${name.replaceAll("'", "''")}'`
const identifier = (name: string) => sql.raw(`"${name.replaceAll('"', '""')}"`)

/** The CSV with its summary numbers read as doubles while parsing. */
function typedCsv(path: string, header: string[], columns: Map<Key, string>): Sql {
  const numbers = new Set([...columns].filter(([k]) => k !== 'id').map(([, h]) => h))
  const types = header.map((h) => `${quoted(h)}: '${numbers.has(h) ? 'DOUBLE' : 'VARCHAR'}'`)
  return sql`read_csv(${path}, auto_detect = false, ${csvOptions}, columns = {${sql.raw(types.join(', '))}})`
}

/**
 * The summaries (id, x, tx, T, mx) of a source, each with what is wrong with it (null when nothing is), in the
 * source's order. `typed`: its numbers are cast to doubles as they are (and the problems are not worded from the
 * file's text).
 */
function checkedSummaries(source: Sql, columns: Map<Key, string>, typed: boolean): Sql {
  const numbers = (['x', 'tx', 'T', 'mx'] as const).filter((k) => columns.has(k))
  const column = (k: Key) => identifier(columns.get(k)!)
  const trimmed = (k: Key) => sql`coalesce(trim(${column(k)}::varchar), '')`
  const fields = numbers.map((k) =>
    typed
      ? sql`${column(k)}::double as ${sql.raw(k)}`
      : sql`try_cast(${trimmed(k)} as double) as ${sql.raw(k)}, ${trimmed(k)} as "${sql.raw(k)}$"`,
  )
  // The file's text of a value, for the message (written out only for the rows that have a problem).
  const text = (k: Key) => (typed ? sql`${sql.raw(k)}::varchar` : sql.raw(`"${k}$"`))
  const checks = numbers.map(
    (k) => sql`when not coalesce(isfinite(${sql.raw(k)}), false)
        then '${sql.raw(labels[k])}: "' || ${text(k)} || '" is not a number'
      when ${sql.raw(k)} < 0 then '${sql.raw(labels[k])}: ' || ${text(k)} || ' is negative'`,
  )
  return sql`(select id, x, tx, T, ${columns.has('mx') ? sql`mx` : sql`null::double as mx`},
      case when id = '' then 'id: empty'
        ${sql.join(checks, '\n')}
        when x <> floor(x) then 'x: ' || ${text('x')} || ' is not a whole number of transactions'
        when tx > T then 't_x (' || ${text('tx')} || ') is greater than T (' || ${text('T')} || ')'
        when x = 0 and tx > 0 then 't_x is ' || ${text('tx')} || ' but x is 0 (t_x must be 0)'
      end as problem
    from (select ${trimmed('id')} as id, ${sql.join(fields, ', ')} from ${source}))`
}

/** The customers grouped by (x, t_x, T) in the order of their values, as groupSummaries groups them. */
async function groupCustomers(
  duck: DuckDb,
  summaries: Sql,
): Promise<{ fit: FitData['groups']; bad: number }> {
  const [x, tx, T, weight, bad] = await duck.columns(
    sql`select x, tx, T, count(*)::double, count(problem)::double from ${summaries}
      group by x, tx, T order by x, tx, T`,
  )
  const doubles = (values: unknown[] | undefined) => Float64Array.from(values as number[])
  return {
    fit: indexGroups({ x: doubles(x), tx: doubles(tx), T: doubles(T), weight: doubles(weight) }),
    bad: (bad as number[]).reduce((a, b) => a + b, 0),
  }
}

/**
 * Repeat customers' spend grouped by (x, m_x) in the order each pair first comes in the file: the groups that
 * fitGammaGamma makes of the customers one by one.
 */
async function repeatSpend(duck: DuckDb, summaries: Sql): Promise<NonNullable<FitData['spend']>> {
  const [x, mx, weight] = await duck.columns(
    sql`select x, mx, count(*)::double from (select row_number() over () as line, x, mx from ${summaries})
      where x > 0 and mx > 0 group by x, mx order by min(line)`,
  )
  return { x: x as number[], mx: mx as number[], weight: weight as number[] }
}

/** The error listing the first bad rows by their line in the file (the header is line 1). */
async function badRows(duck: DuckDb, summaries: Sql, path: string): Promise<SummaryFileError> {
  const rows = await duck.rows<{ line: bigint; problem: string; total: bigint }>(
    sql`select line, problem, count(*) over () as total
      from (select row_number() over () + 1 as line, problem from ${summaries})
      where problem is not null order by line limit ${MAX_PROBLEMS}`,
  )
  const problems = rows.map((r) => ({ line: Number(r.line), message: r.problem }))
  const total = Number(rows[0]?.total ?? 0)
  const shown = problems.map((p) => `line ${p.line}: ${p.message}`).join('; ')
  return new SummaryFileError(
    `${path}: ${total} bad row${total > 1 ? 's' : ''}: ${shown}${total > MAX_PROBLEMS ? '; …' : ''}`,
    problems,
  )
}

/** Each customer's summary in the file's order (DuckDB keeps it: preserve_insertion_order). */
async function readRows(duck: DuckDb, summaries: Sql, mx: boolean): Promise<SummaryFileRow[]> {
  const [ids, x, tx, T, m] = (await duck.columns(sql`select id, x, tx, T, mx from ${summaries}`)) as [
    string[],
    ...number[][],
  ]
  return ids.map((id, i) => ({ id, x: x![i]!, tx: tx![i]!, T: T![i]!, ...(mx ? { mx: m![i]! } : {}) }))
}
