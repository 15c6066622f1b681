import { expect, test } from 'vitest'
import type { PartOrders } from './analysis-part.js'
import { sortPartOrders } from './sort-part-orders.js'

const part = (ids: string[], orders: [customer: number, day: number, units: number][]): PartOrders => ({
  first: 10,
  ids,
  customer: Int32Array.from(orders.map((o) => o[0])),
  day: Int32Array.from(orders.map((o) => o[1])),
  units: Float64Array.from(orders.map((o) => o[2])),
  big: [],
  status: Uint8Array.from(orders.map((_, i) => i % 4)),
})

test('customers are numbered from first in the byte order of their ids, as PostgreSQL\'s "C" collation sorts them', () => {
  // '\u{1F600}' is a surrogate pair in UTF-16, which sorts it before U+FF5E; its UTF-8 bytes sort it after.
  const ids = ['b', 'B', '\u{1F600}', '\uFF5E', 'a10', 'a9', 'é']
  const sorted = sortPartOrders(
    part(
      ids,
      ids.map((_, i) => [i, 100, i]),
    ),
  )
  expect(sorted.ids).toEqual(['B', 'a10', 'a9', 'b', 'é', '\uFF5E', '\u{1F600}'])
  // Each order keeps its customer: order i was bought by ids[i] for i units.
  const bought = Array.from(sorted.customer, (c, k) => [sorted.ids[c - 10], sorted.units[k]])
  expect(bought).toEqual(sorted.ids.map((id) => [id, ids.indexOf(id)]))
})

test('orders come in customer and then day order, each with its own amount, exact amount and status', () => {
  const unsorted = part(
    ['y', 'x'],
    [
      [0, 20, Number.NaN],
      [1, 30, 2],
      [0, 10, 3],
      [1, 10, 4],
      [0, 15, 5],
    ],
  )
  unsorted.big = [[0, '900719925474099300']]
  const sorted = sortPartOrders(unsorted)
  expect(sorted.ids).toEqual(['x', 'y'])
  expect([...sorted.customer]).toEqual([10, 10, 11, 11, 11])
  expect([...sorted.day]).toEqual([10, 30, 10, 15, 20])
  expect([...sorted.units]).toEqual([4, 2, 3, 5, Number.NaN])
  expect(sorted.big).toEqual([[4, '900719925474099300']])
  expect([...sorted.status]).toEqual([3, 1, 2, 0, 0])
})
