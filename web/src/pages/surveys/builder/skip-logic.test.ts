import { describe, expect, test } from 'vitest'
import type { Definition } from '../surveys-api.js'
import { canFallThrough, skippedBy, unreachablePages } from './skip-logic.js'

const page = (id: string, skip: NonNullable<Definition['pages'][number]['skip']> = []) => ({
  id,
  questions: [{ id: `${id}_q`, type: 'text' as const, text: { en: id }, required: false }],
  skip,
})
const survey = (pages: Definition['pages']): Definition => ({
  defaultLanguage: 'en',
  languages: ['en'],
  title: { en: 'T' },
  pages: [
    { id: 'score', questions: [{ id: 'nps', type: 'nps', text: { en: 'NPS' } }], skip: pages[0]?.skip ?? [] },
    ...pages.slice(1),
  ],
  endings: [{ id: 'thanks', title: { en: 'Thanks' } }],
})

describe('skip logic in the builder', () => {
  test('promoters to the end and the rest on: the last page is reached, but skipped for promoters', () => {
    const d = survey([
      page('score', [{ when: { question: 'nps', op: 'gte', value: 9 }, goTo: { ending: 'thanks' } }]),
      page('more'),
    ])
    expect(unreachablePages(d)).toEqual([])
    expect(
      skippedBy(d)
        .get(1)
        ?.map((s) => s.rule.when.value),
    ).toEqual([9])
  })

  test('rules that cover the whole 0–10 scale leave the next page unreachable', () => {
    const d = survey([
      page('score', [
        { when: { question: 'nps', op: 'gte', value: 7 }, goTo: { ending: 'thanks' } },
        { when: { question: 'nps', op: 'lte', value: 6 }, goTo: { page: 'last' } },
      ]),
      page('middle'),
      page('last'),
    ])
    expect(canFallThrough(d, d.pages[0]!)).toBe(false)
    expect(unreachablePages(d)).toEqual([1])
  })

  test('a gap in the scale (no rule for 7) lets people fall through to the next page', () => {
    const d = survey([
      page('score', [
        { when: { question: 'nps', op: 'gte', value: 8 }, goTo: { ending: 'thanks' } },
        { when: { question: 'nps', op: 'lte', value: 6 }, goTo: { ending: 'thanks' } },
      ]),
      page('middle'),
    ])
    expect(unreachablePages(d)).toEqual([])
  })

  test('"is answered" on a required question always fires', () => {
    const d = survey([
      page('score', [{ when: { question: 'nps', op: 'answered' }, goTo: { ending: 'thanks' } }]),
      page('never'),
    ])
    expect(unreachablePages(d)).toEqual([1])
  })
})
