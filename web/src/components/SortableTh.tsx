import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { nextSort, type SortDir, type SortState, type SortValue, sortRows } from './sorting.js'

/** A column header that sorts its table: a button (keyboard and screen readers) and aria-sort on the header. */
export function SortableTh<K extends string>({
  column,
  label,
  sort,
  onSort,
  numeric = false,
}: {
  column: K
  label: string
  sort: SortState<K> | null
  onSort: (column: K) => void
  numeric?: boolean
}) {
  const active = sort?.key === column
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'
  return (
    <th aria-sort={ariaSort} className={numeric ? 'num' : undefined}>
      <button type="button" className="sort-button" onClick={() => onSort(column)} data-sort-column={column}>
        {label}
        <span className="sort-arrow" aria-hidden="true">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  )
}

/**
 * Sorting rows that are all on the page: the sorted rows, the state, the header's click handler and `th`, which
 * makes a column's sortable header. Numeric columns start descending (the biggest first), text columns ascending.
 */
export function useClientSort<T, K extends string>(
  rows: readonly T[],
  columns: Record<K, { value: (row: T) => SortValue; firstDir?: SortDir }>,
  initial: SortState<K> | null = null,
) {
  const { i18n } = useTranslation()
  const [sort, setSort] = useState<SortState<K> | null>(initial)
  const sorted = sort ? sortRows(rows, columns[sort.key].value, sort.dir, i18n.language) : [...rows]
  const onSort = (key: K) => setSort((s) => nextSort(s, key, columns[key].firstDir ?? 'asc'))
  const th = (column: K, label: string, numeric = false) => (
    <SortableTh column={column} label={label} sort={sort} onSort={onSort} numeric={numeric} />
  )
  return { sorted, sort, onSort, th }
}
