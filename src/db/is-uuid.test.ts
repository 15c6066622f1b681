import { expect, test } from 'vitest'
import { isUuid } from './is-uuid.js'
import { timeOrderedUuid } from './time-ordered-uuid.js'

test('random and time-ordered ids, in either case, can be looked up', () => {
  expect(isUuid('3f2504e0-4f89-41d3-9a0c-0305e82c3301')).toBe(true)
  expect(isUuid('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe(true)
  expect(isUuid(timeOrderedUuid())).toBe(true)
})

test('anything the uuid column would reject is not an id', () => {
  for (const value of [
    '',
    '1',
    'not-a-uuid',
    '3f2504e0-4f89-41d3-9a0c-0305e82c330',
    '3f2504e0-4f89-41d3-9a0c-0305e82c33011',
    "3f2504e0-4f89-41d3-9a0c-0305e82c3301' or '1'='1",
    '3f2504e04f8941d39a0c0305e82c3301',
  ])
    expect(isUuid(value)).toBe(false)
})
