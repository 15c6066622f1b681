import { expect, test } from 'vitest'
import { nextSort, sortRows } from './sorting.js'

const rows = [
  { name: 'item 10', n: 3 },
  { name: 'Item 2', n: null },
  { name: 'Ábols', n: 10 },
  { name: '', n: 2 },
  { name: 'abols', n: 3 },
]

test('texts sort by the locale, numbers inside them numerically, accents and case as ties in their order', () => {
  expect(sortRows(rows, (r) => r.name, 'asc', 'en').map((r) => r.name)).toEqual([
    'Ábols',
    'abols',
    'Item 2',
    'item 10',
    '',
  ])
  // Descending reverses the order of values, but ties keep theirs and the empty stays last.
  expect(sortRows(rows, (r) => r.name, 'desc', 'en').map((r) => r.name)).toEqual([
    'item 10',
    'Item 2',
    'Ábols',
    'abols',
    '',
  ])
})

test('numbers sort by value with the missing last in both directions', () => {
  expect(sortRows(rows, (r) => r.n, 'desc', 'en').map((r) => r.n)).toEqual([10, 3, 3, 2, null])
  expect(sortRows(rows, (r) => r.n, 'asc', 'en').map((r) => r.n)).toEqual([2, 3, 3, 10, null])
  // The two 3s keep the order they came in.
  expect(
    sortRows(rows, (r) => r.n, 'asc', 'en')
      .map((r) => r.name)
      .slice(1, 3),
  ).toEqual(['item 10', 'abols'])
})

test('a click on the sorted column turns it; another column starts with its own first direction', () => {
  expect(nextSort(null, 'n', 'desc')).toEqual({ key: 'n', dir: 'desc' })
  expect(nextSort({ key: 'n', dir: 'desc' }, 'n')).toEqual({ key: 'n', dir: 'asc' })
  expect(nextSort({ key: 'n', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'asc' })
})
