import { expect, test } from 'vitest'
import { hyp2f1 } from './hyp2f1.js'

// Closed forms (Abramowitz & Stegun 15.1.3, 15.1.8) and a value by numerical integration of Euler's integral.
test('2F1 matches its closed forms', () => {
  for (const z of [0, 0.1, 0.5, 0.9, 0.99]) {
    const expected = z === 0 ? 1 : -Math.log(1 - z) / z
    expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(expected, 12)
    expect(hyp2f1(2.5, 0.7, 0.7, z)).toBeCloseTo((1 - z) ** -2.5, 9)
  }
})

test('2F1 matches Euler’s integral computed by Simpson’s rule', () => {
  // 2F1(a,b;c;z) = Γ(c)/(Γ(b)Γ(c−b)) ∫0^1 t^(b−1) (1−t)^(c−b−1) (1−tz)^(−a) dt with b = 1, c = 3: 2∫(1−t)(1−tz)^−a.
  const a = 3.4
  const z = 0.6
  const n = 20_000
  let s = 0
  for (let i = 0; i <= n; i++) {
    const t = i / n
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2
    s += w * (1 - t) * (1 - t * z) ** -a
  }
  expect(hyp2f1(a, 1, 3, z)).toBeCloseTo((2 * s) / (3 * n), 9)
})

test('2F1 outside [0, 1) is NaN, not a wrong number', () => {
  expect(hyp2f1(1, 1, 2, 1)).toBeNaN()
  expect(hyp2f1(1, 1, 2, -0.5)).toBeNaN()
})

test('BG/NBD conditional expectations stay finite for heavy buyers over long horizons', async () => {
  const { bgNbdConditionalExpected } = await import('./bgnbd.js')
  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
  // 3,000 purchase days in 52 weeks, the last at week 52: the plain series overflows here (NaN); the
  // posterior mean rate (r+x)/(α+T) = 3000.2/56.4 a week, less the chance of dropping out, gives about 2,100.
  const e = bgNbdConditionalExpected(p, 52, 3000, 52, 52)
  expect(Number.isFinite(e)).toBe(true)
  expect(e).toBeGreaterThan(1500)
  expect(e).toBeLessThan((3000.243 / 56.414) * 52)
})

test('BG/NBD expectations stay finite when a and b run into the millions, and reach their limit', async () => {
  const { bgNbdExpected } = await import('./bgnbd.js')
  // a, b → ∞ with a/(a+b) = p: everybody drops out with chance p after each purchase, and
  // E[X(t)] → (1 − (α/(α + p t))^r) / p. Euler's series alone needs about a terms here (NaN before).
  const [r, alpha, t] = [4.2, 87, 30]
  const limit = (p: number) => (1 - (alpha / (alpha + p * t)) ** r) / p
  const e = bgNbdExpected({ r, alpha, a: 6e7, b: 4e7 }, t)
  expect(Math.abs(e / limit(0.6) - 1)).toBeLessThan(1e-6)
  // Where both of its forms converge, the direct series and Euler's give the same number.
  const [a, b] = [50, 30]
  const z = t / (alpha + t)
  const euler =
    ((a + b - 1) / (a - 1)) * (1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b - 1, z))
  expect(bgNbdExpected({ r, alpha, a, b }, t)).toBeCloseTo(euler, 12)
})
