import { expect, test } from 'vitest'
import { DoubleIndex, TupleIndex } from './value-index.js'

test('values keep their ids while the index grows far beyond its first size', () => {
  const index = new DoubleIndex(4)
  const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) / 13 - 100)
  expect(values.map((v) => index.id(v))).toEqual(values.map((_, i) => i))
  expect(values.map((v) => index.id(v))).toEqual(values.map((_, i) => i))
  expect(index.values).toEqual(values)
  expect(index.id(-0)).toBe(index.id(0))
})

test('tuples keep their ids while the index grows', () => {
  const index = new TupleIndex(3, 4)
  const tuples = Array.from({ length: 3000 }, (_, i) => [i % 7, i, 3000 - i])
  expect(tuples.map((t) => index.id(t))).toEqual(tuples.map((_, i) => i))
  expect(tuples.map((t) => index.id(t))).toEqual(tuples.map((_, i) => i))
})
