// Sorting a table by one column: the state, the next state when a header is clicked, and the rows in order.

export type SortDir = 'asc' | 'desc'
export interface SortState<K extends string> {
  key: K
  dir: SortDir
}
export type SortValue = string | number | null | undefined

/** Clicking the sorted column turns its direction; another column starts with its own first direction. */
export function nextSort<K extends string>(
  current: SortState<K> | null,
  key: K,
  firstDir: SortDir = 'asc',
): SortState<K> {
  if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
  return { key, dir: firstDir }
}

/**
 * The rows in the column's order: numbers by value, texts by the locale's collation with numbers inside them in
 * numeric order ("item 2" before "item 10"); empty values last in either direction; ties keep their order.
 */
export function sortRows<T>(
  rows: readonly T[],
  value: (row: T) => SortValue,
  dir: SortDir,
  locale: string,
): T[] {
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' })
  const sign = dir === 'asc' ? 1 : -1
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      const aEmpty = a.v === null || a.v === undefined || a.v === ''
      const bEmpty = b.v === null || b.v === undefined || b.v === ''
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1
      const order =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v))
      return order === 0 ? a.index - b.index : sign * order
    })
    .map((x) => x.row)
}
