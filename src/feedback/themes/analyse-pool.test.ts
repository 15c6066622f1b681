import { expect, test } from 'vitest'
import { inThreadAnalyser, workerAnalyser } from './analyse-pool.js'

test('worker threads analyse a batch exactly as this thread does, in input order', async () => {
  const texts = ['Доставка запізнилася на тиждень.', 'Great coffee, fair prices.', 'Kurjers bija rupjš.']
  const hints = ['uk', 'en', 'lv'] as const
  const here = await inThreadAnalyser().analyse(texts, [...hints])
  const pool = workerAnalyser(2)
  try {
    const [a, b] = await Promise.all([
      pool.analyse(texts, [...hints]),
      pool.analyse(texts.slice(1), [...hints.slice(1)]),
    ])
    expect(a).toEqual(here)
    expect(b).toEqual(here.slice(1))
  } finally {
    await pool.close()
  }
}, 30_000)
