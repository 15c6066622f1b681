import { describe, expect, test } from 'vitest'
import { analyseComment } from './analyse-comment.js'
import { buildThemes } from './build-themes.js'

const analyse = (texts: string[]) => texts.map((t) => analyseComment(t, 'en'))
const repeat = (text: string, n: number) => Array.from({ length: n }, () => text)

describe('themes as clusters of co-occurring phrases', () => {
  test('a phrase that keeps company with a shop theme brings that theme to comments without its words', () => {
    // "late" shares 4 of its 5 comments with delivery words (confidence 0.8, lift 0.8 / (4/10) = 2).
    const comments = analyse([
      ...repeat('The delivery was late.', 4),
      'It came late.',
      ...repeat('Good prices.', 5),
    ])
    const model = buildThemes(comments)
    expect(model.assignments[4]).toEqual(['delivery'])
    expect(model.assignments[5]).toEqual(['price'])
  })

  test('phrases that travel together in comments no shop theme holds become a learned theme, named by them', () => {
    const comments = analyse([
      ...repeat('More decaf options please.', 3),
      ...repeat('I want decaf options.', 2),
      'Lovely weather today.',
    ])
    const model = buildThemes(comments)
    const learned = model.themes.filter((t) => t.kind === 'learned')
    expect(learned).toHaveLength(1)
    expect(learned[0]!.comments).toBe(5)
    expect(learned[0]!.phrases.slice(0, 3).map((p) => p.surface)).toEqual(
      expect.arrayContaining(['decaf', 'options']),
    )
    // A lone word is not yet a theme.
    expect(model.assignments[5]).toEqual([])
  })

  test('a pinned theme is found again by its phrases, even below the support a learned theme needs', () => {
    const comments = analyse(['Lovely weather today.', 'Too much rain.'])
    const model = buildThemes(comments, { pinned: [{ key: 'x:en:weather', phrases: ['en:weather'] }] })
    expect(model.assignments).toEqual([['x:en:weather'], []])
    expect(model.themes.find((t) => t.key === 'x:en:weather')?.kind).toBe('pinned')
  })
})
