import { expect, test } from 'vitest'
import type { Definition } from '../surveys-api.js'
import { isMissing, missingCounts, setTextAt, translatableTexts } from './translatable-texts.js'

const definition: Definition = {
  defaultLanguage: 'en',
  languages: ['en', 'uk', 'pl'],
  title: { en: 'After delivery', uk: 'Після доставки', pl: 'Po dostawie' },
  pages: [
    {
      id: 'p1',
      questions: [
        {
          id: 'nps',
          type: 'nps',
          text: { en: 'Recommend us?', uk: 'Порекомендуєте?' },
          minLabel: { en: 'No' },
        },
        {
          id: 'why',
          type: 'single',
          text: { en: 'Why?', uk: 'Чому?', pl: 'Dlaczego?' },
          options: [
            { id: 'a', label: { en: 'Fast' } },
            { id: 'b', label: { en: 'Cheap', pl: 'Tanio' } },
          ],
        },
      ],
    },
  ],
  endings: [{ id: 'thanks', title: { en: 'Thanks!', uk: 'Дякуємо!' }, message: { en: 'Bye' } }],
}

test('every text a respondent meets is listed in order; scale labels even when nobody wrote them', () => {
  expect(translatableTexts(definition).map((e) => `${e.kind}:${e.path.join('.')}`)).toEqual([
    'title:title',
    'question:pages.0.questions.0.text',
    'minLabel:pages.0.questions.0.minLabel',
    'maxLabel:pages.0.questions.0.maxLabel',
    'question:pages.0.questions.1.text',
    'option:pages.0.questions.1.options.0.label',
    'option:pages.0.questions.1.options.1.label',
    'endingTitle:endings.0.title',
    'endingMessage:endings.0.message',
  ])
})

test('missing per language, counted by hand: a text written somewhere but not in that language', () => {
  // uk lacks: minLabel "No", option a, option b, ending message = 4. pl lacks: nps text, minLabel, option a,
  // ending title, ending message = 5. en lacks nothing; the unwritten maxLabel is missing nowhere.
  expect(missingCounts(definition)).toEqual({ en: 0, uk: 4, pl: 5 })
  expect(isMissing({}, 'uk')).toBe(false)
  expect(isMissing({ en: 'x', uk: '  ' }, 'uk')).toBe(true)
})

test('setting a text leaves every other text and language as it was', () => {
  const next = setTextAt(definition, ['pages', 0, 'questions', 1, 'options', 0, 'label'], 'pl', 'Szybko')
  expect(missingCounts(next)).toEqual({ en: 0, uk: 4, pl: 4 })
  expect(next.endings).toBe(definition.endings)
  expect(next.pages[0]!.questions[0]).toBe(definition.pages[0]!.questions[0])
  expect((next.pages[0]!.questions[1] as { options: { label: object }[] }).options[0]!.label).toEqual({
    en: 'Fast',
    pl: 'Szybko',
  })
})
