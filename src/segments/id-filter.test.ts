import { expect, test } from 'vitest'
import { IdFilter, idHash } from './id-filter.js'

test('idHash is 32-bit FNV-1a', () => {
  // The published test vectors (of ASCII text, whose UTF-16 code units are its bytes).
  expect(idHash('') >>> 0).toBe(0x811c9dc5)
  expect(idHash('a') >>> 0).toBe(0xe40c292c)
  expect(idHash('foobar') >>> 0).toBe(0xbf9cf968)
})

test('the filter holds every id added, and lets few others pass', () => {
  const filter = new IdFilter()
  const added = Array.from({ length: 300_000 }, (_, i) => `order-${i}`)
  for (const id of added) filter.add(idHash(id))
  expect(added.every((id) => filter.mayHold(idHash(id)))).toBe(true)
  const others = Array.from({ length: 300_000 }, (_, i) => `C${i}`)
  const passed = others.filter((id) => filter.mayHold(idHash(id))).length
  expect(passed).toBeGreaterThan(0)
  expect(passed / others.length).toBeLessThan(0.01)
})
