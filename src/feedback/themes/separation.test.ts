import { describe, expect, test } from 'vitest'
import { separation } from './separation.js'

describe('separation of detractors from promoters', () => {
  test('hand-worked: 30 of 100 detractor and 10 of 200 promoter comments', () => {
    // By hand: cells 30.5, 70.5, 10.5, 190.5; OR = 30.5·190.5 / (70.5·10.5) = 5810.25 / 740.25 = 7.84904…;
    // ln = 2.060391…; SE = √(1/30.5 + 1/70.5 + 1/10.5 + 1/190.5) = √0.147459… = 0.384004…
    const s = separation(30, 100, 10, 200)
    expect(s.logOdds).toBeCloseTo(2.060391, 5)
    expect(s.se).toBeCloseTo(0.384004, 5)
    expect(s.z).toBeCloseTo(2.060391 / 0.384004, 4)
    // lift: 0.30 / 0.05 = 6
    expect(s.lift).toBeCloseTo(6, 10)
  })

  test('a theme equally common in both groups has log odds 0 and lift 1', () => {
    const s = separation(20, 100, 40, 200)
    expect(s.logOdds).toBeCloseTo(Math.log((20.5 * 160.5) / (80.5 * 40.5)), 12)
    expect(Math.abs(s.logOdds)).toBeLessThan(0.02)
    expect(s.lift).toBe(1)
  })

  test('no promoter mentions: lift is undefined, the log odds stay finite thanks to the ½', () => {
    const s = separation(5, 50, 0, 80)
    expect(s.lift).toBeNull()
    expect(Number.isFinite(s.logOdds)).toBe(true)
    expect(s.logOdds).toBeGreaterThan(0)
  })
})
