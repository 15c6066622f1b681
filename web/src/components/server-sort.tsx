import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { SortableTh } from './SortableTh.js'
import { nextSort, type SortDir, type SortState } from './sorting.js'

// Sorting a paged list on the server: the state (in the page's state or its URL), the `sort` and `dir` to send
// to the API and its CSV, and the sortable headers. A new order goes back to the first page.

function sorted<K extends string>(sort: SortState<K> | null, onSort: (key: K) => void) {
  const th = (column: K, label: string, numeric = false) => (
    <SortableTh column={column} label={label} sort={sort} onSort={onSort} numeric={numeric} />
  )
  const order: { sort?: K; dir?: SortDir } = sort ? { sort: sort.key, dir: sort.dir } : {}
  return { sort, onSort, th, order }
}

/** The order in the component's state; `onSorted` goes back to the first page. */
export function useServerSort<K extends string>(firstDir: (key: K) => SortDir, onSorted: () => void) {
  const [sort, setSort] = useState<SortState<K> | null>(null)
  return sorted(sort, (key: K) => {
    setSort((s) => nextSort(s, key, firstDir(key)))
    onSorted()
  })
}

/**
 * The order in the URL's `sort` and `dir` (one of `keys`, else `fallback`, the order the list has when none is
 * asked for); a new order drops `offset`.
 */
export function useUrlSort<K extends string>(
  keys: readonly K[],
  firstDir: (key: K) => SortDir,
  fallback: SortState<K> | null = null,
) {
  const [params, setParams] = useSearchParams()
  const key = keys.find((k) => k === params.get('sort'))
  const sort: SortState<K> | null = key
    ? { key, dir: params.get('dir') === 'desc' ? 'desc' : 'asc' }
    : fallback
  return sorted(sort, (column: K) => {
    const next = nextSort(sort, column, firstDir(column))
    const search = new URLSearchParams(params)
    search.set('sort', next.key)
    search.set('dir', next.dir)
    search.delete('offset')
    setParams(search)
  })
}
