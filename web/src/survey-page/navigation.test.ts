import { describe, expect, test } from 'vitest'
import type { PageQuestion, PageSurvey } from '../../../src/surveys/page-boot.js'
import { chatForward, firstMissingAnswer, questionCount } from './navigation.js'

const question = (id: string, extra: Partial<PageQuestion> = {}): PageQuestion => ({
  id,
  type: 'nps',
  text: id,
  description: '',
  required: true,
  min: 0,
  max: 10,
  ...extra,
})

// p1 (score, why) → p2 (detail) → p3 (last); a score under 7 on p1 jumps to p3, "stop" on p2 ends at "early".
const survey: PageSurvey = {
  title: 'S',
  intro: '',
  version: 1,
  pages: [
    {
      id: 'p1',
      title: '',
      questions: [question('score'), question('why', { type: 'text', required: false, min: undefined })],
      skip: [{ when: { question: 'score', op: 'lt', value: 7 }, goTo: { page: 'p3' } }],
    },
    {
      id: 'p2',
      title: '',
      questions: [question('detail', { type: 'single', min: undefined })],
      skip: [{ when: { question: 'detail', op: 'eq', value: 'stop' }, goTo: { ending: 'early' } }],
    },
    { id: 'p3', title: '', questions: [question('last')], skip: [] },
  ],
  endings: [
    { id: 'thanks', title: 'Thanks', message: '' },
    { id: 'early', title: 'Early', message: '' },
  ],
}

describe('chatForward', () => {
  test('moves to the next question of the same page without looking at skip rules', () => {
    expect(chatForward(survey, { page: 0, question: 0 }, { score: 3 })).toEqual({ page: 0, question: 1 })
  })

  test('after the last question of a page, goes to the first question of the next page', () => {
    expect(chatForward(survey, { page: 0, question: 1 }, { score: 9 })).toEqual({ page: 1, question: 0 })
  })

  test('after the last question of a page, a skip rule that holds jumps to its page', () => {
    expect(chatForward(survey, { page: 0, question: 1 }, { score: 3 })).toEqual({ page: 2, question: 0 })
  })

  test('a skip rule to an ending ends the conversation there', () => {
    expect(chatForward(survey, { page: 1, question: 0 }, { detail: 'stop' })).toEqual({ ending: 'early' })
  })

  test('after the last page, the first ending', () => {
    expect(chatForward(survey, { page: 2, question: 0 }, {})).toEqual({ ending: 'thanks' })
  })
})

describe('firstMissingAnswer', () => {
  const questions = survey.pages[0]?.questions ?? []

  test('names the first required question without an answer', () => {
    expect(firstMissingAnswer(questions, {})?.id).toBe('score')
  })

  test('an optional question left empty is not missing', () => {
    expect(firstMissingAnswer(questions, { score: 0 })).toBeUndefined()
  })

  test('a blank text does not answer a required text question', () => {
    const text = question('comment', { type: 'text', min: undefined })
    expect(firstMissingAnswer([text], { comment: '   ' })?.id).toBe('comment')
  })
})

test('questionCount counts the questions of every page, skipped or not', () => {
  expect(questionCount(survey)).toBe(4)
})
