import { describe, expect, test } from 'vitest'
import { changeBetween, meanEstimate, npsEstimate, shareEstimate } from './metric-math.js'

describe('npsEstimate', () => {
  test('6 promoters, 2 passives, 2 detractors: NPS 40, SE 100·sqrt(0.64/10) = 25.30', () => {
    const e = npsEstimate(6, 2, 2)
    expect(e.n).toBe(10)
    expect(e.value).toBeCloseTo(40, 10)
    expect(e.se).toBeCloseTo(25.2982, 4)
    expect(e.ci95?.[0]).toBeCloseTo(40 - 1.96 * 25.2982, 1)
    expect(e.ci95?.[1]).toBeCloseTo(40 + 1.96 * 25.2982, 1)
  })

  test('a small sample (3 promoters, 1 detractor) has an interval clipped at +100', () => {
    const e = npsEstimate(3, 0, 1)
    expect(e.value).toBeCloseTo(50, 10)
    expect(e.se).toBeCloseTo(43.3013, 4)
    expect(e.ci95?.[0]).toBeCloseTo(50 - 1.96 * 43.3013, 1)
    expect(e.ci95?.[1]).toBe(100)
  })

  test('one promoter: NPS 100 with no spread', () => {
    expect(npsEstimate(1, 0, 0)).toEqual({ n: 1, value: 100, se: 0, ci95: [100, 100] })
  })

  test('all promoters and all detractors are the ends of the scale', () => {
    expect(npsEstimate(40, 0, 0).value).toBe(100)
    expect(npsEstimate(0, 0, 40)).toEqual({ n: 40, value: -100, se: 0, ci95: [-100, -100] })
  })

  test('no answers: no value, no interval', () => {
    expect(npsEstimate(0, 0, 0)).toEqual({ n: 0, value: null, se: null, ci95: null })
  })

  test('the value is exact: 2 promoters and 3 detractors of 5 is −20, not −19.999…', () => {
    expect(npsEstimate(2, 0, 3).value).toBe(-20)
  })

  test('passives only: NPS 0 with SE 0', () => {
    expect(npsEstimate(0, 7, 0)).toEqual({ n: 7, value: 0, se: 0, ci95: [0, 0] })
  })
})

describe('shareEstimate', () => {
  test('8 satisfied of 10: 80 % with SE 100·sqrt(0.8·0.2/10) = 12.65', () => {
    const e = shareEstimate(8, 10)
    expect(e.value).toBeCloseTo(80, 10)
    expect(e.se).toBeCloseTo(12.6491, 4)
    expect(e.ci95?.[0]).toBeCloseTo(80 - 1.96 * 12.6491, 1)
    expect(e.ci95?.[1]).toBe(100)
  })

  test('no answers: null', () => {
    expect(shareEstimate(0, 0).value).toBeNull()
  })
})

describe('meanEstimate', () => {
  test('answers 1–5 once each: mean 3, variance 2.5, SE sqrt(0.5)', () => {
    const e = meanEstimate(5, 3, 2.5, [1, 7])
    expect(e.value).toBe(3)
    expect(e.se).toBeCloseTo(Math.sqrt(2.5 / 5), 10)
    expect(e.ci95?.[0]).toBeCloseTo(3 - 1.96 * Math.sqrt(2.5 / 5), 2)
  })

  test('one answer has a value but no SE', () => {
    expect(meanEstimate(1, 6, null, [1, 7])).toEqual({ n: 1, value: 6, se: null, ci95: null })
  })

  test('the interval stays on the scale', () => {
    expect(meanEstimate(2, 6.9, 0.02, [1, 7]).ci95?.[1]).toBe(7)
  })
})

describe('changeBetween', () => {
  const at = (value: number, se: number) => ({ n: 100, value, se, ci95: null })

  test('20 ± 3 → 30 ± 4: difference 10, SE 5, z 2, p = 2(1 − Φ(2)) = 0.0455, significant', () => {
    const c = changeBetween(at(20, 3), at(30, 4))
    expect(c?.difference).toBe(10)
    expect(c?.se).toBe(5)
    expect(c?.z).toBe(2)
    expect(c?.pValue).toBeCloseTo(0.0455003, 6)
    expect(c?.significant).toBe(true)
  })

  test('a drop of one SE (z = −1) has p = 0.3173 and is not significant', () => {
    const c = changeBetween(at(30, 3), at(25, 4))
    expect(c?.difference).toBe(-5)
    expect(c?.pValue).toBeCloseTo(0.3173105, 6)
    expect(c?.significant).toBe(false)
  })

  test('no change to report when either side has no estimate', () => {
    expect(changeBetween({ n: 0, value: null, se: null, ci95: null }, at(1, 1))).toBeNull()
  })
})
