import { open, stat } from 'node:fs/promises'
import {
  type ColumnMapping,
  type CsvLayout,
  columnIndexes,
  importColumns,
  isoPattern,
  MAX_INFLATION,
  type ReadImportOptions,
  readImportRows,
} from '../customers/import-file.js'
import type { DuckDb } from '../db/duckdb.js'
import { type Sql, sql } from '../db/sql.js'

// The orders of a file folded by DuckDB itself: it reads the CSV (or Parquet) in parallel and checks each row with
// the import's plain checks (plainOrderFields), spelled in SQL. A row those checks doubt, or anything else this
// path cannot vouch for (another encoding, an order whose rows disagree), sends the whole file back to the
// JavaScript reader, which words each bad row's error on its line.

/** What the file's head says: its columns, and how DuckDB is to read it. */
export interface FileHead {
  mapping: ColumnMapping
  /** The relation of the file's cells as text, columns c0, c1, …; null when only the JavaScript reader will do. */
  source: Sql | null
  columns: number
  decimalComma: boolean
  /** True when the file has a header and no data row. */
  empty: boolean
}

// What JavaScript's String.prototype.trim removes (WhiteSpace and LineTerminator), as a class of DuckDB's regular
// expressions (RE2's \s leaves out the vertical tab). DuckDB's trim removes spaces alone: an id still edged with one
// of these is in doubt (checked once per order: other cells with one fail their patterns anyway), and so is a product
// of nothing else.
const jsWhitespace = String.raw`\t\n\x{b}\f\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}`
const edged = (id: Sql) => sql`regexp_matches(${id}, ${`^[${jsWhitespace}]|[${jsWhitespace}]$`})`
// The import's decimals (parseDecimal, then at most 15 digits and 4 decimals), less one integer digit: 14 and
// 4 make DuckDB's decimal(18, 4), an int64 read several times faster than a decimal(19, 4).
const plainDecimal = '[+-]?(\\d{1,14}(\\.\\d{0,4})?|\\.\\d{1,4})'
// The import's year bounds, 1900 to 2199, as days since 1970.
const firstDay = Date.UTC(1900, 0, 1) / 86_400_000
const lastDay = Date.UTC(2200, 0, 1) / 86_400_000 - 1
const maxRecordBytes = 1 << 20

/**
 * Reads the head of an orders file as the import does (its errors are the import's), and says how DuckDB is
 * to read the rest: a UTF-8 CSV/TSV (or .gz) whose header is its first line, or a Parquet file.
 */
export async function readFileHead(path: string, options: ReadImportOptions): Promise<FileHead> {
  let head: { mapping: ColumnMapping; layout?: CsvLayout; decimalComma: boolean } | undefined
  let seen = 0
  let columns = 0
  const rows = readImportRows(path, 'orders', options, (mapping, o, layout) => {
    head = { mapping, layout, decimalComma: o.decimalComma ?? false }
    columns = layout?.header.length ?? 0
    return {
      row: (fields) => {
        seen++
        columns ||= fields.length
      },
      refused: () => seen++,
    }
  })
  let done = false
  try {
    // Two chunks: a file of a header alone is read whole by then.
    done = Boolean((await rows.next()).done) || Boolean((await rows.next()).done)
  } finally {
    await rows.return(0)
  }
  if (head === undefined) throw new Error('the file has no header line')
  const { mapping, layout, decimalComma } = head
  const empty = done && seen === 0
  const names = Array.from({ length: columns }, (_, i) => `c${i}`)
  let source: Sql | null = null
  if (layout === undefined) {
    // Parquet: every value as the text DuckDB casts it to, as readParquetRows gives them.
    source = sql`select * from (select columns(*)::varchar from read_parquet(${path})) as t(${sql.raw(names.join(', '))})`
  } else if (
    layout.encoding === 'utf-8' &&
    layout.headerLine === 1 &&
    !layout.header.some((h) => /[\r\n"]/.test(h)) &&
    (await gzipWithinBounds(path, options.maxSize))
  ) {
    source = sql`select * from read_csv(${path}, auto_detect = false, header = true, delim = ${layout.delimiter},
      quote = '"', escape = '"', comment = '', strict_mode = true, max_line_size = ${maxRecordBytes},
      columns = {${sql.raw(names.map((n) => `'${n}': 'VARCHAR'`).join(', '))}})`
  }
  return { mapping, source: empty || columns === 0 ? null : source, columns, decimalComma, empty }
}

/**
 * A .gz whose size once decompressed (its trailer's ISIZE) the JavaScript reader would refuse, as a gzip bomb or
 * past --max-size, goes to that reader, which says so. DuckDB sets no such limit itself.
 */
async function gzipWithinBounds(path: string, maxSize: number | undefined): Promise<boolean> {
  if (!path.endsWith('.gz')) return true
  const size = (await stat(path)).size
  if (size < 18) return false
  const file = await open(path, 'r')
  try {
    const trailer = Buffer.alloc(4)
    await file.read(trailer, 0, 4, size - 4)
    const inflated = trailer.readUInt32LE(0)
    // ISIZE is the size modulo 2³²: a small one for a large file means more than 4 GiB.
    if (inflated < size && size > 1 << 20) return false
    if (maxSize !== undefined) return inflated <= maxSize
    return inflated <= 16 << 20 || inflated <= MAX_INFLATION * size
  } finally {
    await file.close()
  }
}

type Count = 'rows' | 'rowsAnalysed' | 'rowsWithoutCustomer' | 'orders' | 'customers'

/**
 * Folds the file's rows into the views `folded_orders` (customer_id, day, amount, status) and, with `purchases`,
 * `file_purchases` (customer_id, day, amount) of `duck`, with the import's plain checks in SQL, and returns what it
 * counted (there are no rejected rows). Returns null when a row is in doubt or an order's rows disagree on their
 * customer, day or status: the JavaScript reader then reads the file.
 */
export async function foldOrdersInDuckDb(
  duck: DuckDb,
  head: FileHead,
  onProgress?: (done: number) => void,
  purchases = false,
): Promise<Record<Count, number> | null> {
  const { mapping, decimalComma, columns, source } = head
  if (source === null) return null
  // Times without a zone in a Parquet file are UTC, as readParquetRows reads them.
  await duck.connection.run(`set TimeZone = 'UTC'`)
  const [customer, order, orderedAt, amount, currency, status, quantity, unitPrice, product] = columnIndexes(
    mapping,
    importColumns.orders,
  )
  const lines = mapping.orderLines
  const required = lines ? [order, orderedAt, quantity, unitPrice, product] : [order, orderedAt, amount]
  if (required.some((at) => at === -1)) return null
  // The rows are grouped by their raw cells (an order's rows mostly repeat them), and only the values that vary
  // from row to row (amount or quantity, price, product, currency) are checked on the row.
  const cell = (at: number) => (at === -1 ? sql`''` : sql.raw(`c${at}`))
  // DuckDB's cast to decimal trims spaces; JavaScript's trim removes more, which leaves such a cell in doubt.
  const number = (at: number) =>
    decimalComma
      ? sql`(case when not contains(${cell(at)}, ',') then ${cell(at)}
          when not contains(${cell(at)}, '.') then replace(${cell(at)}, ',', '.') end)`
      : cell(at)
  const decimalOf = (at: number) => sql`regexp_full_match(${number(at)}, ${` *${plainDecimal} *`})`
  const productId = sql`trim(${cell(product)})`
  // A product of at most 200 bytes that starts with printable ASCII other than a space keeps that character when
  // trimmed: the usual case, decided by two comparisons instead of trims and a regular expression.
  const productPlain = sql`case when ${cell(product)} >= '!' and ${cell(product)} < chr(127)
      and strlen(${cell(product)}) <= 200 then true
    else strlen(${productId}) between 1 and 200 and ${productId} > ' '
      and (${productId} < chr(128) or regexp_matches(${productId}, ${`[^${jsWhitespace}]`})) end`
  const valuesPlain = lines
    ? sql`${productPlain} and ${decimalOf(quantity)} and ${decimalOf(unitPrice)}`
    : decimalOf(amount)
  const units = lines
    ? sql`try_cast(${number(quantity)} as decimal(18, 4)) * try_cast(${number(unitPrice)} as decimal(18, 4))`
    : sql`try_cast(${number(amount)} as decimal(18, 4))`
  const all = Array.from({ length: columns }, (_, i) => i)
  const concat = (at: number[]) =>
    sql.raw(at.length === 1 ? `c${at[0]}` : `concat(${at.map((i) => `c${i}`).join(', ')})`)
  const hasNul = (text: Sql) => sql`contains(${text}, chr(0))`
  // The import refuses a NUL (the JavaScript reader words it): looked for in the cells that no pattern checks, and
  // in an order's id and customer once per order. DuckDB refuses a record too long itself. A quote in a value is
  // read alike by both readers (escaped in a quoted field, or left in an unquoted one).
  const numbers = lines ? [quantity, unitPrice] : [amount]
  const patterned = [customer, order, orderedAt, status, currency, ...numbers]
  const unchecked = all.filter((i) => !patterned.includes(i))
  const odd = unchecked.length === 0 ? sql`false` : hasNul(concat(unchecked))
  const rowsSql = sql`
    with lined as materialized (
      select ${cell(customer)} as customer_cell, ${cell(order)} as order_cell, ${cell(orderedAt)} as ordered_cell,
        ${cell(status)} as status_cell, count(*) as rows,
        count(*) filter (where not coalesce(not ${odd} and (coalesce(${cell(currency)}, '') = ''
          or regexp_full_match(${cell(currency)}, ' *[A-Za-z]{3} *')) and ${valuesPlain}, false)) as doubtful,
        sum(${units}) as units${
          purchases
            ? sql`, sum(${units}) filter (where ${units} >= 0) as purchase_units,
          count(*) filter (where ${units} >= 0) as purchase_rows`
            : sql.empty
        }
      -- A record of spaces alone, its first cell empty, is blank.
      from (${source}) where c0 <> '' or trim(${concat(all)}) <> '' group by all
    ),
    -- A time cell is parsed once, however many orders share it: the UTC day of an ISO date is its date, moved by
    -- the time less the zone's offset when they cross midnight; the bounds test the pattern's groups (an absent
    -- part is '', which they let through).
    times as (
      select ordered_cell, case when t.y <> '' and date is not null and t.h <= '23' and t.mi <= '59' and t.s <= '59'
          and t.zh <= '23' and t.zm <= '59'
        then (date - date '1970-01-01') + (coalesce(try_cast(t.h as integer) * 60 + try_cast(t.mi as integer), 0)
          - coalesce(case t.sign when '-' then -1 when '+' then 1 end
            * (try_cast(t.zh as integer) * 60 + coalesce(try_cast(t.zm as integer), 0)), 0) + 2880) // 1440 - 2
        end as day
      from (
        select ordered_cell, try_cast(left(trim(ordered_cell), 10) as date) as date,
          regexp_extract(trim(ordered_cell), ${isoPattern.source},
            ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'z', 'sign', 'zh', 'zm']) as t
        from (select distinct ordered_cell from lined)
      )
    )
    select * exclude (id, plain), false as disagreeing from (
      select trim(coalesce(customer_cell, '')) as customer_id, trim(coalesce(order_cell, '')) as id,
        case when coalesce(status_cell, '') = '' then 'completed' else lower(status_cell) end as status,
        coalesce(((strlen(id) between 1 and 200) and strlen(customer_id) <= 200 and not ${hasNul(sql`customer_id || id`)}
          and (coalesce(status_cell, '') = '' or lower(status_cell) in ('completed', 'pending', 'cancelled', 'returned'))
          and (day between ${firstDay} and ${lastDay})), false) as plain,
        case when plain and doubtful = 0 and customer_id <> '' then id end as order_id, day::integer as day,
        units::decimal(38, 8) as amount, rows, case when plain then doubtful else rows end as doubtful,
        case when plain and customer_id = '' then rows end as without_customer${
          purchases ? sql`, purchase_units::decimal(38, 8) as purchase_amount, purchase_rows` : sql.empty
        }
      from lined left join times on lined.ordered_cell is not distinct from times.ordered_cell
    )`
  try {
    const fold = `create temp table file_orders as ${rowsSql.inlined}`
    await (onProgress ? duck.runWithProgress(fold, onProgress) : duck.connection.run(fold))
  } catch {
    // A file DuckDB will not read (a wrong number of fields, a quote never closed, bytes that are not UTF-8, a
    // record too long): the JavaScript reader says what and where.
    return null
  }
  // Most orders are one group of cells, kept as it is; the few whose rows differ in a cell (a time, spaces around
  // an id) are folded again, cheaper than grouping every order twice in the statement above.
  await duck.connection.run(`create temp table shared_orders as
      select order_id, any_value(customer_id) as customer_id, any_value(day) as day, any_value(status) as status,
        sum(amount) as amount, sum(rows) as rows${
          purchases ? ', sum(purchase_amount) as purchase_amount, sum(purchase_rows) as purchase_rows' : ''
        },
        -- Whether the order's rows disagree: a 64-bit hash is cheaper to compare than the text, and a collision of
        -- two differing rows of one order a 2⁻⁶⁴ chance.
        min(hash(customer_id, day, status)) <> max(hash(customer_id, day, status)) as disagreeing
      from file_orders where order_id in (select order_id from file_orders group by all having count(*) > 1)
      group by order_id;
    delete from file_orders where order_id in (select order_id from shared_orders);
    insert into file_orders by name select * from shared_orders;
    drop table shared_orders`)
  const [totals] = await duck.rows<Record<Count | 'doubtful' | 'disagreeing', number>>(sql`select
      coalesce(sum(rows), 0)::double as rows, coalesce(sum(rows) filter (where order_id is not null), 0)::double
        as "rowsAnalysed", coalesce(sum(without_customer), 0)::double as "rowsWithoutCustomer",
      coalesce(sum(doubtful), 0)::double as doubtful, count(*) filter (where order_id is not null
        and (disagreeing or ${edged(sql`order_id`)} or ${edged(sql`customer_id`)}))::double as disagreeing,
      count(order_id)::double as orders,
      count(distinct customer_id) filter (where order_id is not null)::double as customers
    from file_orders`)
  if (!totals || totals.doubtful > 0 || totals.disagreeing > 0) {
    await duck.connection.run('drop table file_orders')
    return null
  }
  await duck.connection.run(`create temp view folded_orders as
    select customer_id, day, amount, status from file_orders where order_id is not null`)
  if (purchases)
    await duck.connection.run(`create temp view file_purchases as
      select customer_id, day, purchase_amount as amount from file_orders
      where order_id is not null and purchase_rows > 0 and status not in ('cancelled', 'returned')`)
  const { doubtful, disagreeing, ...counts } = totals
  return counts
}
