import { ImportFileError } from './import-file-error.js'
import type { RecordKind } from './records.js'
import { shownText } from './shown-text.js'

/** The canonical columns of each kind of import file, required ones first. */
export const importColumns = {
  customers: [
    'customer_id',
    'name',
    'email',
    'phone',
    'language',
    'org_unit',
    'email_opt_in',
    'sms_opt_in',
    'opted_out',
  ],
  orders: [
    'customer_id',
    'order_id',
    'ordered_at',
    'amount',
    'currency',
    'status',
    'quantity',
    'unit_price',
    'product_id',
    'product_name',
  ],
  events: ['customer_id', 'type', 'occurred_at', 'channel', 'touchpoint', 'event_id'],
} as const satisfies Record<RecordKind, readonly string[]>

/** Where each canonical column sits in a file's rows. */
export interface ColumnMapping {
  /** Canonical column → index in the row. */
  index: Map<string, number>
  /** Canonical column → the header it was mapped from with --columns (absent when matched by name). */
  mappedFrom: Map<string, string>
  /** Columns that match no canonical name, for attributes (customers) or properties (events). */
  extra: { index: number; name: string }[]
  /** Orders only: whether rows are order lines (quantity × unit_price) rather than order totals. */
  orderLines: boolean
}

/**
 * Parses the --columns option, target=source pairs separated by commas.
 * @example parseColumnsOption('customer_id=CustomerID,ordered_at=InvoiceDate')
 */
export function parseColumnsOption(value: string): Record<string, string> {
  const mapping: Record<string, string> = {}
  for (const pair of value.split(',')) {
    if (pair.trim() === '') continue
    const eq = pair.indexOf('=')
    const target = eq === -1 ? '' : pair.slice(0, eq).trim()
    const source = eq === -1 ? '' : pair.slice(eq + 1).trim()
    if (!target || !source) throw new Error(`--columns: "${pair.trim()}" is not a target=source pair`)
    if (Object.hasOwn(mapping, target)) throw new Error(`--columns: "${target}" is mapped twice`)
    mapping[target] = source
  }
  if (Object.keys(mapping).length === 0) throw new Error('--columns: no target=source pairs given')
  return mapping
}

/** Matches a file's headers to the canonical columns of `kind`, applying --columns; throws ImportFileError on a bad fit. */
export function mapColumns(
  headers: string[],
  kind: RecordKind,
  columns: Record<string, string> = {},
): ColumnMapping {
  const canonical: readonly string[] = importColumns[kind]
  const trimmed = headers.map((h) => h.trim())
  const found = `found: ${shownText(trimmed.map((h) => JSON.stringify(shownText(h, 60))).join(', '))}`
  const index = new Map<string, number>()
  const mappedFrom = new Map<string, string>()
  const taken = new Set<number>()

  for (const [target, source] of Object.entries(columns)) {
    const name = normalize(target)
    if (!canonical.includes(name)) {
      throw new ImportFileError(
        `--columns ${target}=${source}: "${target}" is not a ${kind} column (expected one of ${canonical.join(', ')})`,
      )
    }
    let at = trimmed.indexOf(source.trim())
    if (at === -1) at = trimmed.findIndex((h) => h.toLowerCase() === source.trim().toLowerCase())
    const header = trimmed[at]
    if (header === undefined)
      throw new ImportFileError(`--columns ${target}=${source}: the file has no column "${source}"; ${found}`)
    index.set(name, at)
    mappedFrom.set(name, header)
    taken.add(at)
  }

  const extra: ColumnMapping['extra'] = []
  for (const [at, header] of trimmed.entries()) {
    if (taken.has(at)) continue
    const name = normalize(header)
    if (!canonical.includes(name)) {
      if (header !== '') extra.push({ index: at, name: header })
    } else if (!index.has(name)) {
      index.set(name, at)
    } else if (!mappedFrom.has(name)) {
      // (A column named like a --columns target is shadowed by the mapping: neither field nor attribute.)
      const first = trimmed[index.get(name) ?? 0] ?? name
      throw new ImportFileError(
        `columns ${JSON.stringify(shownText(first, 60))} and ${JSON.stringify(shownText(header, 60))} both mean ${name}; rename or map one of them`,
      )
    }
  }

  const orderLines =
    kind === 'orders' && !index.has('amount') && (index.has('quantity') || index.has('unit_price'))
  const missing = requiredColumns(kind, orderLines).filter((name) => !index.has(name))
  if (missing.length > 0) {
    if (kind === 'orders' && !orderLines && missing.at(-1) === 'amount') {
      missing[missing.length - 1] = 'amount (or quantity, unit_price and product_id for order lines)'
    }
    throw new ImportFileError(
      `the ${kind} file lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; ${found} (map columns with --columns target=source)`,
    )
  }
  return { index, mappedFrom, extra, orderLines }
}

/** Where the given canonical columns sit in a row, -1 where the file lacks them; one number per name. */
export function columnIndexes<const N extends readonly string[]>(
  mapping: ColumnMapping,
  names: N,
): { [K in keyof N]: number } {
  // map keeps a tuple's length, but TypeScript types its result as an array.
  return names.map((name) => mapping.index.get(name) ?? -1) as { [K in keyof N]: number }
}

function requiredColumns(kind: RecordKind, orderLines: boolean): string[] {
  if (kind === 'customers') return ['customer_id']
  if (kind === 'events') return ['customer_id', 'type', 'occurred_at']
  const base = ['customer_id', 'order_id', 'ordered_at']
  return orderLines ? [...base, 'quantity', 'unit_price', 'product_id'] : [...base, 'amount']
}

// 'Customer ID', 'customer-id' and 'CUSTOMER_ID' all name customer_id.
function normalize(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}
