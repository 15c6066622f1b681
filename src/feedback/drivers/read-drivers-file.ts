import { readFile } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'

/** A drivers file that cannot be used, in words for the analyst. */
export class DriversFileError extends Error {}

/** The outcome and drivers of each row of a file; an empty or non-numeric cell is null (not a complete case). */
export interface DriverColumns {
  rows: { y: number | null; x: (number | null)[] }[]
  /** Rows read (excluding the header). */
  read: number
}

/**
 * Reads the named columns of a CSV/TSV (or .gz) file: comma, semicolon or tab, detected from the header line.
 * A decimal comma is accepted where the delimiter is not a comma.
 */
export async function readDriverColumns(
  path: string,
  outcome: string,
  drivers: readonly string[],
): Promise<DriverColumns> {
  const bytes = await readFile(path)
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8')
  return parseDriverColumns(text, outcome, drivers)
}

export function parseDriverColumns(text: string, outcome: string, drivers: readonly string[]): DriverColumns {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? ''
  const delimiter = ['\t', ';', ','].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  )
  let records: string[][]
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    })
  } catch (error) {
    throw new DriversFileError(`the file is not readable CSV: ${(error as Error).message}`)
  }
  const header = records[0]
  if (!header) throw new DriversFileError('the file is empty')
  const column = (name: string) => {
    const i = header.indexOf(name)
    if (i < 0) throw new DriversFileError(`no column '${name}' (the columns are: ${header.join(', ')})`)
    return i
  }
  const y = column(outcome)
  const xs = drivers.map(column)
  const number = (cell: string | undefined): number | null => {
    if (cell === undefined || cell === '') return null
    const v = Number(delimiter === ',' ? cell : cell.replace(',', '.'))
    return Number.isFinite(v) ? v : null
  }
  const body = records.slice(1)
  return { read: body.length, rows: body.map((r) => ({ y: number(r[y]), x: xs.map((i) => number(r[i])) })) }
}
