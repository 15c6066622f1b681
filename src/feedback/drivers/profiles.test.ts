import { expect, test } from 'vitest'
import { heldWithoutAttachment, orderDimensions } from './profiles.js'

// Hand-worked cases of the rule: forced or economic commitment above the neutral 4, affective below it.
test.each([
  [{ affective: 3.9, forced: 4.1, economic: 2 }, true],
  [{ affective: 3.9, forced: 2, economic: 4.1 }, true],
  [{ affective: 4, forced: 6, economic: 6 }, false],
  [{ affective: 2, forced: 4, economic: 4 }, false],
  [{ affective: 5.5, forced: 6, economic: 6 }, false],
  [{ forced: 6, economic: 6 }, false],
  [{ affective: 2 }, false],
])('held without attachment: %o → %s', (means, held) => {
  expect(heldWithoutAttachment(means)).toBe(held)
})

test('our batteries keep their template order; another battery is alphabetical', () => {
  expect(orderDimensions('forces', ['status', 'pleasure', 'fairness'])).toEqual([
    'pleasure',
    'fairness',
    'status',
  ])
  expect(orderDimensions('commitment', ['habitual', 'affective', 'extra'])).toEqual([
    'affective',
    'habitual',
    'extra',
  ])
  expect(orderDimensions('service', ['speed', 'care'])).toEqual(['care', 'speed'])
})
