import { stat } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { type DuckDb, openDuckDb } from '../db/duckdb.js'
import { sql } from '../db/sql.js'

/** One customer's calibration summary as read from a file. */
export interface SummaryFileRow {
  id: string
  x: number
  tx: number
  T: number
  mx?: number
}

/** A summary file that cannot be used; `problems` name the line of each bad row. */
export class SummaryFileError extends Error {
  constructor(
    message: string,
    readonly problems: { line: number; message: string }[] = [],
  ) {
    super(message)
    this.name = 'SummaryFileError'
  }
}

// Accepted header names: ours, and those of the lifetimes package's summary files.
const aliases: Record<string, 'id' | 'x' | 'tx' | 'T' | 'mx'> = {
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

/**
 * Parses a CSV of customer summaries (columns id, x, t_x, T and optional m_x). Rejects negative or fractional
 * counts, t_x > T, x = 0 with t_x > 0 and non-numbers, naming the line of each.
 */
export function parseSummaryCsv(text: string, name = 'summary file'): SummaryFileRow[] {
  const records: string[][] = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true })
  const header = records[0]
  if (!header) throw new SummaryFileError(`${name}: the file is empty`)
  const index = columnIndex(header, name)
  const rows: SummaryFileRow[] = []
  const problems: { line: number; message: string }[] = []
  records.slice(1).forEach((fields, i) => {
    const checked = checkRow(index, fields, i + 2)
    if ('message' in checked) problems.push(checked)
    else rows.push(checked)
  })
  return summariesOrError(rows, problems, name)
}

type ColumnIndex = Map<'id' | 'x' | 'tx' | 'T' | 'mx', number>

/** The columns of a summary file's header, or the error naming those missing. */
function columnIndex(header: string[], name: string): ColumnIndex {
  const index: ColumnIndex = new Map()
  header.forEach((h, i) => {
    const key = aliases[h.trim()] ?? aliases[h.trim().toLowerCase()]
    if (key && !index.has(key)) index.set(key, i)
  })
  const missing = (['id', 'x', 'tx', 'T'] as const).filter((k) => !index.has(k))
  if (missing.length > 0) {
    const names = { id: 'id', x: 'x', tx: 't_x', T: 'T', mx: 'm_x' }
    throw new SummaryFileError(
      `${name}: missing column ${missing.map((k) => names[k]).join(', ')} (expected id,x,t_x,T and optional m_x; found ${header.join(',')})`,
    )
  }
  return index
}

/** One row's summary, or what is wrong with it. */
function checkRow(
  index: ColumnIndex,
  fields: string[],
  line: number,
): SummaryFileRow | { line: number; message: string } {
  const field = (k: 'id' | 'x' | 'tx' | 'T' | 'mx') =>
    index.has(k) ? (fields[index.get(k)!] ?? '').trim() : undefined
  const number = (k: 'x' | 'tx' | 'T' | 'mx', label: string): number | string => {
    const raw = field(k) ?? ''
    const value = Number(raw)
    if (raw === '' || !Number.isFinite(value)) return `${label}: "${raw}" is not a number`
    if (value < 0) return `${label}: ${raw} is negative`
    return value
  }
  const id = field('id') ?? ''
  const x = number('x', 'x')
  const tx = number('tx', 't_x')
  const T = number('T', 'T')
  const mx = index.has('mx') ? number('mx', 'm_x') : undefined
  const error = [x, tx, T, mx].find((v) => typeof v === 'string')
  if (id === '') return { line, message: 'id: empty' }
  if (typeof error === 'string') return { line, message: error }
  if (!Number.isInteger(x)) return { line, message: `x: ${x} is not a whole number of transactions` }
  if ((tx as number) > (T as number)) return { line, message: `t_x (${tx}) is greater than T (${T})` }
  if (x === 0 && (tx as number) > 0) return { line, message: `t_x is ${tx} but x is 0 (t_x must be 0)` }
  return {
    id,
    x: x as number,
    tx: tx as number,
    T: T as number,
    ...(mx === undefined ? {} : { mx: mx as number }),
  }
}

function summariesOrError(
  rows: SummaryFileRow[],
  problems: { line: number; message: string }[],
  name: string,
): SummaryFileRow[] {
  if (problems.length > 0) {
    const shown = problems
      .slice(0, 10)
      .map((p) => `line ${p.line}: ${p.message}`)
      .join('; ')
    throw new SummaryFileError(
      `${name}: ${problems.length} bad row${problems.length > 1 ? 's' : ''}: ${shown}${problems.length > 10 ? '; …' : ''}`,
      problems,
    )
  }
  if (rows.length === 0) throw new SummaryFileError(`${name}: no customers`)
  return rows
}

/**
 * Reads a summary file (CSV, optionally .gz, or Parquet) through DuckDB, with the checks of parseSummaryCsv: the
 * rows DuckDB finds plainly good are taken as it casts them, the others are checked here, which words the error.
 */
export async function readSummaryFile(path: string): Promise<SummaryFileRow[]> {
  try {
    await stat(path)
  } catch (error) {
    throw new SummaryFileError(`${path}: cannot be read (${(error as Error).message})`)
  }
  const duck = await openDuckDb()
  try {
    const source = /\.parquet$/i.test(path)
      ? sql`(select columns(*)::varchar from read_parquet(${path}))`
      : sql`read_csv(${path}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
          null_padding = true)`
    let header: string[]
    try {
      header = (
        await duck.rows<{ name: string }>(
          sql`select column_name as name from (describe select * from ${source})`,
        )
      ).map((c) => c.name)
    } catch (error) {
      const message = (error as Error).message
      if (/empty|no data|no columns/i.test(message)) throw new SummaryFileError(`${path}: the file is empty`)
      throw new SummaryFileError(`${path}: not a valid CSV file (${message.split('\n')[0]})`)
    }
    const index = columnIndex(header, path)
    const plain = /\.parquet$/i.test(path) ? null : await readPlainSummaries(duck, path, header, index)
    if (plain) return summariesOrError(plain, [], path)
    const column = (k: 'id' | 'x' | 'tx' | 'T' | 'mx') =>
      sql.raw(`trim("${header[index.get(k)!]!.replaceAll('"', '""')}")`)
    const number = (k: 'x' | 'tx' | 'T' | 'mx') => sql`try_cast(${column(k)} as double)`
    const mx = index.has('mx')
    const good = (v: string) => sql.raw(`coalesce(isfinite(${v}) and ${v} >= 0, false)`)
    // The values as DuckDB reads them, beside the file's own columns ($ keeps their names apart from the file's).
    await duck.run(sql`create table summaries as
      select *, coalesce("id$" <> '', false) and ${good('"x$"')} and ${good('"tx$"')} and ${good('"T$"')}
          and ${mx ? good('"mx$"') : sql`true`} and "x$" = floor("x$") and "tx$" <= "T$"
          and not ("x$" = 0 and "tx$" > 0) as "ok$"
      from (select row_number() over () + 1 as "line$", ${column('id')} as "id$", ${number('x')} as "x$",
        ${number('tx')} as "tx$", ${number('T')} as "T$", ${mx ? number('mx') : sql`null::double`} as "mx$", f.*
        from ${source} f)`)
    const rows = await streamRows(
      duck,
      `select "id$", "x$", "tx$", "T$", "mx$" from summaries where "ok$" order by "line$"`,
      mx,
    )
    // The rows in doubt, checked as a CSV parse checks them: mostly to word what is wrong with them.
    const doubtful = await duck.rows<Record<string, string | null | bigint>>(
      sql`select * exclude ("id$", "x$", "tx$", "T$", "mx$", "ok$") from summaries where not "ok$" order by "line$"`,
    )
    const problems: { line: number; message: string }[] = []
    for (const raw of doubtful) {
      const line = Number(raw.line$)
      const checked = checkRow(
        index,
        header.map((h) => String(raw[h] ?? '')),
        line,
      )
      // A number JavaScript reads and DuckDB does not (hexadecimal, say) is no plain decimal either.
      problems.push(
        'message' in checked ? checked : { line, message: 'a value is not a plain decimal number' },
      )
    }
    return summariesOrError(rows, problems, path)
  } finally {
    duck.close()
  }
}

/**
 * A CSV whose numbers DuckDB reads as doubles while parsing, every row passing the checks: its rows in file order.
 * Null when a value needs the checks row by row (the caller's path, which words each error on its line).
 */
async function readPlainSummaries(
  duck: DuckDb,
  path: string,
  header: string[],
  index: ColumnIndex,
): Promise<SummaryFileRow[] | null> {
  const numbers = new Map([...index].filter(([k]) => k !== 'id').map(([k, at]) => [at, k]))
  const quoted = (name: string) => `'${name.replaceAll("'", "''")}'`
  const columns = header.map((h, i) => `${quoted(h)}: '${numbers.has(i) ? 'DOUBLE' : 'VARCHAR'}'`)
  const name = (k: 'id' | 'x' | 'tx' | 'T' | 'mx') => `"${header[index.get(k)!]!.replaceAll('"', '""')}"`
  const mx = index.has('mx')
  const good = (v: string) => `coalesce(isfinite(${v}) and ${v} >= 0, false)`
  try {
    await duck.connection.run(`create table plain as select trim(${name('id')}) as id, ${name('x')} as x,
        ${name('tx')} as tx, ${name('T')} as t, ${mx ? name('mx') : 'null::double'} as mx
      from read_csv(${quoted(path)}, auto_detect = false, header = true, delim = ',', quote = '"', escape = '"',
        null_padding = true, columns = {${columns.join(', ')}})`)
  } catch {
    return null
  }
  const [bad] = await duck.rows<{ n: bigint }>(
    sql.raw(`select count(*) filter (where not (coalesce(id <> '', false)
      and ${good('x')} and ${good('tx')} and ${good('t')} and ${mx ? good('mx') : 'true'} and x = floor(x)
      and tx <= t and not (x = 0 and tx > 0))) as n from plain`),
  )
  if (Number(bad?.n ?? 1) > 0) return null
  // DuckDB keeps the file's order of the rows (preserve_insertion_order).
  return streamRows(duck, 'select id, x, tx, t, mx from plain', mx)
}

/** The rows of a query of id, x, t_x, T and m_x, converted a chunk at a time. */
async function streamRows(duck: DuckDb, query: string, mx: boolean): Promise<SummaryFileRow[]> {
  const rows: SummaryFileRow[] = []
  const result = await duck.connection.stream(query)
  for (;;) {
    const chunk = await result.fetchChunk()
    if (chunk === null || chunk.rowCount === 0) break
    const [ids, xs, txs, Ts, mxs] = [0, 1, 2, 3, 4].map((i) => chunk.getColumnValues(i))
    for (let i = 0; i < chunk.rowCount; i++) {
      const row: SummaryFileRow = {
        id: ids![i] as string,
        x: xs![i] as number,
        tx: txs![i] as number,
        T: Ts![i] as number,
      }
      if (mx) row.mx = mxs![i] as number
      rows.push(row)
    }
  }
  return rows
}
