import { describe, expect, test } from 'vitest'
import {
  commitmentBand,
  type DiagnosisSettings,
  defaultDiagnosisSettings,
  diagnose,
  diagnosisSettingsSchema,
  npsBand,
  quadrantOf,
  relativeAttitude,
  repeatPatronage,
} from './quadrant.js'

// The published rules: Dick & Basu (1994) for the four quadrants; the NPS bands (9–10 promoters, 0–6 detractors,
// 7–8 passives) as Reichheld defines them and issue 25 asks; patronage high when F ≥ 4 and R ≥ 3 (issue 25).
// The commitment bands (5.5 / 4.5 on 1–7) and "medium → low" are this project's choices, stated in quadrant.ts.

const s = defaultDiagnosisSettings

describe('relative attitude from NPS', () => {
  test('the published bands: 9–10 high, 7–8 medium, 0–6 low', () => {
    const bands = Array.from({ length: 11 }, (_, score) => npsBand(score, s))
    expect(bands).toEqual([...Array(7).fill('low'), 'medium', 'medium', 'high', 'high'])
  })

  test('moved thresholds move the bands: high from 8, low up to 4', () => {
    const moved = { ...s, npsHighMin: 8, npsLowMax: 4 }
    expect([4, 5, 7, 8].map((score) => npsBand(score, moved))).toEqual(['low', 'medium', 'medium', 'high'])
  })
})

describe('relative attitude from affective commitment', () => {
  test('means on 1–7: from 5.5 high, up to 4.5 low, between medium (edges included)', () => {
    expect([1, 4.5, 4.51, 5.49, 5.5, 7].map((m) => commitmentBand(m, s))).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ])
  })

  test('NPS wins over commitment; commitment counts only where no NPS answer exists', () => {
    expect(relativeAttitude({ nps: 3, commitmentMean: 7 }, s)).toEqual({
      source: 'nps',
      band: 'low',
      attitude: 'low',
    })
    expect(relativeAttitude({ nps: null, commitmentMean: 6 }, s)).toEqual({
      source: 'commitment',
      band: 'high',
      attitude: 'high',
    })
    expect(relativeAttitude({ nps: null, commitmentMean: null }, s)).toBeNull()
  })
})

describe('the medium band', () => {
  test('counts as low by default (a passive is not attached), as high when the workspace says so', () => {
    expect(relativeAttitude({ nps: 8, commitmentMean: null }, s)?.attitude).toBe('low')
    expect(relativeAttitude({ nps: null, commitmentMean: 5 }, s)?.attitude).toBe('low')
    const generous: DiagnosisSettings = { ...s, mediumAttitude: 'high' }
    expect(relativeAttitude({ nps: 7, commitmentMean: null }, generous)).toEqual({
      source: 'nps',
      band: 'medium',
      attitude: 'high',
    })
    expect(relativeAttitude({ nps: null, commitmentMean: 5 }, generous)?.attitude).toBe('high')
  })
})

describe('repeat patronage', () => {
  test('high only when F ≥ 4 and R ≥ 3 (the corners of the threshold included)', () => {
    expect(repeatPatronage({ f: 4, r: 3 }, s)).toBe('high')
    expect(repeatPatronage({ f: 5, r: 5 }, s)).toBe('high')
    expect(repeatPatronage({ f: 3, r: 5 }, s)).toBe('low')
    expect(repeatPatronage({ f: 5, r: 2 }, s)).toBe('low')
  })

  test('a customer without RFM scores (nothing bought) has low patronage', () => {
    expect(repeatPatronage(null, s)).toBe('low')
  })

  test('the thresholds are settings: F ≥ 2 and R ≥ 1 makes a twice-buyer of long ago high', () => {
    expect(repeatPatronage({ f: 2, r: 1 }, { ...s, patronageFMin: 2, patronageRMin: 1 })).toBe('high')
  })
})

describe('the quadrants (Dick & Basu 1994)', () => {
  test('attitude × patronage', () => {
    expect(quadrantOf('high', 'high')).toBe('true_loyalty')
    expect(quadrantOf('high', 'low')).toBe('latent_loyalty')
    expect(quadrantOf('low', 'high')).toBe('spurious_loyalty')
    expect(quadrantOf('low', 'low')).toBe('no_loyalty')
  })

  test('a customer never heard from is unknown, however much they buy', () => {
    expect(quadrantOf(null, 'high')).toBe('unknown')
    expect(diagnose({ nps: null, commitmentMean: null }, { r: 5, f: 5 }, s).quadrant).toBe('unknown')
    expect(diagnose({ nps: null, commitmentMean: null }, null, s).quadrant).toBe('unknown')
  })

  test('whole customers: a frequent detractor is spurious, a promoter who never bought is latent', () => {
    expect(diagnose({ nps: 2, commitmentMean: null }, { r: 4, f: 5 }, s).quadrant).toBe('spurious_loyalty')
    expect(diagnose({ nps: 10, commitmentMean: null }, null, s).quadrant).toBe('latent_loyalty')
    expect(diagnose({ nps: 9, commitmentMean: 1 }, { r: 3, f: 4 }, s).quadrant).toBe('true_loyalty')
    expect(diagnose({ nps: null, commitmentMean: 2 }, { r: 1, f: 1 }, s).quadrant).toBe('no_loyalty')
  })
})

describe('the settings', () => {
  test('defaults are the published thresholds', () => {
    expect(diagnosisSettingsSchema.parse({})).toEqual({
      npsHighMin: 9,
      npsLowMax: 6,
      commitmentHighMin: 5.5,
      commitmentLowMax: 4.5,
      mediumAttitude: 'low',
      patronageFMin: 4,
      patronageRMin: 3,
    })
  })

  test('a low band reaching into the high one is refused, naming the field', () => {
    const npsClash = diagnosisSettingsSchema.safeParse({ npsHighMin: 7, npsLowMax: 7 })
    expect(npsClash.error?.issues[0]?.path).toEqual(['npsLowMax'])
    const meanClash = diagnosisSettingsSchema.safeParse({ commitmentHighMin: 4, commitmentLowMax: 4 })
    expect(meanClash.error?.issues[0]?.path).toEqual(['commitmentLowMax'])
    expect(diagnosisSettingsSchema.safeParse({ patronageFMin: 6 }).success).toBe(false)
    expect(diagnosisSettingsSchema.safeParse({ npsHighMin: 11 }).success).toBe(false)
  })
})
