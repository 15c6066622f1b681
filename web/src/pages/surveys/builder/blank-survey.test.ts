import { expect, test } from 'vitest'
import { parseDefinition } from '../../../../../src/surveys/definition.js'
import { blankSurvey } from './blank-survey.js'
import { draftIssues } from './draft-issues.js'

test('a blank survey in Polish is a definition the server accepts, in Polish only, with nothing to fix', () => {
  const blank = blankSurvey('pl', { name: 'Nowa ankieta', question: 'Nowe pytanie', thanks: 'Dziękujemy!' })
  const parsed = parseDefinition(blank.definition)
  expect(parsed.languages).toEqual(['pl'])
  expect(parsed.title).toEqual({ pl: 'Nowa ankieta' })
  expect(parsed.pages.map((p) => p.questions.map((q) => [q.id, q.type, q.text]))).toEqual([
    [['q1', 'text', { pl: 'Nowe pytanie' }]],
  ])
  expect(parsed.endings).toEqual([{ id: 'thanks', title: { pl: 'Dziękujemy!' } }])
  expect(draftIssues({ ...blank, status: 'draft' }, blank.definition)).toEqual([])
})
