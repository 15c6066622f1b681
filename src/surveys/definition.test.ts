import { expect, test } from 'vitest'
import { DefinitionError, parseDefinition, pickLanguage } from './definition.js'
import { estimateSeconds, MAX_RECOMMENDED_SECONDS, questionSeconds } from './estimate-time.js'
import { npsDefinition } from './test-survey.js'

const issuesOf = (value: unknown) => {
  try {
    parseDefinition(value)
    return []
  } catch (error) {
    if (error instanceof DefinitionError) return error.issues.map((i) => `${i.field}: ${i.message}`)
    throw error
  }
}

test('a valid definition parses, with defaults filled in', () => {
  const d = parseDefinition(npsDefinition)
  expect(d.pages[0]?.questions[0]?.required).toBe(true)
  expect(d.pages[1]?.questions[1]?.required).toBe(false)
})

test('broken definitions name the field at fault', () => {
  const copy = () => structuredClone(npsDefinition) as typeof npsDefinition & Record<string, unknown>
  const dupe = copy()
  dupe.pages[1]!.questions[0]!.id = 'nps'
  expect(issuesOf(dupe)).toContain('pages.1.questions.0.id: duplicate question id nps')

  const backwards = copy()
  backwards.pages[1]!.skip = [
    { when: { question: 'nps', op: 'lt', value: 3 }, goTo: { page: 'score' } },
  ] as never
  expect(issuesOf(backwards)).toContain('pages.1.skip.0.goTo: can only jump forward to a later page')

  const noEnding = copy()
  noEnding.pages[0]!.skip = [
    { when: { question: 'nps', op: 'gte', value: 9 }, goTo: { ending: 'nowhere' } },
  ] as never
  expect(issuesOf(noEnding)).toContain('pages.0.skip.0.goTo: no such ending')

  const laterQuestion = copy()
  laterQuestion.pages[0]!.skip = [
    { when: { question: 'reason', op: 'answered' }, goTo: { ending: 'thanks' } },
  ] as never
  expect(issuesOf(laterQuestion)).toContain(
    'pages.0.skip.0.when.question: reason is not asked on or before this page',
  )

  const untranslated = copy()
  untranslated.defaultLanguage = 'pl'
  untranslated.languages = ['pl', 'en']
  expect(issuesOf(untranslated)).toContain('pages.0.questions.0.text: needs a text in pl')

  const badType = copy()
  ;(badType.pages[0]!.questions[0] as Record<string, unknown>).type = 'slider'
  expect(issuesOf(badType)[0]).toMatch(/^pages\.0\.questions\.0\.type: /)

  const weights = copy()
  weights.scoring = { index: 'x', weights: { reason: 1 } }
  expect(issuesOf(weights)).toContain('scoring.weights.reason: must be a scale question')
})

test('the language shown is the first wanted one the survey has, else its default', () => {
  const d = parseDefinition(npsDefinition)
  expect(pickLanguage(d, ['pl-PL', 'uk-UA', 'en'])).toBe('uk')
  expect(pickLanguage(d, [null, 'de'])).toBe('en')
})

test('the time estimate adds reading time (4 words/s) and answering time per question, per page 3 s', () => {
  // "How likely are you to recommend us to a friend?" = 10 words → 2.5 s + 4 s to pick a score.
  const [nps] = parseDefinition(npsDefinition).pages[0]!.questions
  expect(questionSeconds(nps!, 'en')).toBe(6.5)
  // Page 2: single "What disappointed you most?" (4 words: 1 s + 3 s + 2 options × 1.5 s = 7 s) and
  // optional text "Anything else?" (2 words: 0.5 s + 40 s) → 47.5 s; pages 2 × 3 s; total 60 s.
  expect(estimateSeconds(parseDefinition(npsDefinition))).toBe(60)
  const long = structuredClone(npsDefinition)
  for (let i = 0; i < 6; i++)
    long.pages[1]!.questions.push({
      id: `more_${i}`,
      type: 'text',
      required: false,
      text: { en: 'Tell us more', uk: 'Більше' },
    })
  expect(estimateSeconds(parseDefinition(long))).toBeGreaterThan(MAX_RECOMMENDED_SECONDS)
})
