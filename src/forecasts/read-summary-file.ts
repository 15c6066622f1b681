import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'

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
  const index = new Map<string, number>()
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
  const rows: SummaryFileRow[] = []
  const problems: { line: number; message: string }[] = []
  records.slice(1).forEach((fields, i) => {
    const line = i + 2
    const field = (k: string) => (index.has(k) ? (fields[index.get(k)!] ?? '').trim() : undefined)
    const number = (k: string, label: string): number | string => {
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
    if (id === '') problems.push({ line, message: 'id: empty' })
    else if (typeof error === 'string') problems.push({ line, message: error })
    else if (!Number.isInteger(x))
      problems.push({ line, message: `x: ${x} is not a whole number of transactions` })
    else if ((tx as number) > (T as number))
      problems.push({ line, message: `t_x (${tx}) is greater than T (${T})` })
    else if (x === 0 && (tx as number) > 0)
      problems.push({ line, message: `t_x is ${tx} but x is 0 (t_x must be 0)` })
    else
      rows.push({
        id,
        x: x as number,
        tx: tx as number,
        T: T as number,
        ...(mx === undefined ? {} : { mx: mx as number }),
      })
  })
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

/** Reads and parses a summary CSV file (see parseSummaryCsv). */
export async function readSummaryFile(path: string): Promise<SummaryFileRow[]> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new SummaryFileError(`${path}: cannot be read (${(error as Error).message})`)
  }
  try {
    return parseSummaryCsv(text, path)
  } catch (error) {
    if (error instanceof SummaryFileError) throw error
    throw new SummaryFileError(`${path}: not a valid CSV file (${(error as Error).message})`)
  }
}
