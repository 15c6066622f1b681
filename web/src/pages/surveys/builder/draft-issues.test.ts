import { describe, expect, test } from 'vitest'
import { parseDefinition } from '../../../../../src/surveys/definition.js'
import type { Definition } from '../surveys-api.js'
import { draftIssues, serverIssues, slotOf } from './draft-issues.js'

// The builder's own checks, compared with what the server (definition.ts) refuses for the same definition.

const settings = {
  name: 'After delivery',
  touchpoint: 'order_delivered',
  npsKind: 'transactional',
  status: 'draft',
} as const

const valid: Definition = {
  defaultLanguage: 'uk',
  languages: ['uk', 'en'],
  title: { uk: 'Після доставки' },
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'nps', text: { uk: 'Порекомендуєте нас?' } },
        {
          id: 'why',
          type: 'single',
          text: { uk: 'Чому?' },
          options: [
            { id: 'a', label: { uk: 'Швидко' } },
            { id: 'b', label: { uk: 'Дешево' } },
          ],
        },
      ],
      skip: [{ when: { question: 'nps', op: 'gte', value: 9 }, goTo: { ending: 'thanks' } }],
    },
    { id: 'p2', questions: [{ id: 'rate', type: 'rating', min: 1, max: 5, text: { uk: 'Оцініть' } }] },
  ],
  endings: [{ id: 'thanks', title: { uk: 'Дякуємо!' } }],
}

/** The fields the server names for a definition (its own parse), for comparison. */
function serverFields(definition: Definition): string[] {
  try {
    parseDefinition(definition)
    return []
  } catch (e) {
    return (e as { issues: { field: string }[] }).issues.map((i) => `definition.${i.field}`)
  }
}

describe('the builder checks a draft before saving', () => {
  test('a valid draft has no issues, and the server agrees', () => {
    expect(draftIssues(settings, valid)).toEqual([])
    expect(serverFields(valid)).toEqual([])
  })

  test('each common mistake is named at the field the server names for it', () => {
    const broken = structuredClone(valid)
    broken.title = { en: 'After delivery' }
    broken.pages[0]!.questions[0]!.text = { en: 'Recommend?' }
    const why = broken.pages[0]!.questions[1] as Extract<
      Definition['pages'][0]['questions'][0],
      { type: 'single' }
    >
    why.options[1]!.label = { uk: '' }
    why.id = 'nps'
    broken.pages[1]!.questions[0] = { id: 'rate', type: 'rating', min: 1, max: 1, text: { uk: 'Оцініть' } }
    broken.pages[0]!.skip = [{ when: { question: 'rate', op: 'gte', value: 3 }, goTo: { page: 'p1' } }]
    const issues = draftIssues(settings, broken)
    expect(issues).toEqual([
      { field: 'definition.title', key: 'needsText', params: { language: 'uk' } },
      { field: 'definition.pages.0.questions.0.text', key: 'needsText', params: { language: 'uk' } },
      { field: 'definition.pages.0.questions.1.id', key: 'duplicateId', params: { id: 'nps' } },
      {
        field: 'definition.pages.0.questions.1.options.1.label',
        key: 'needsText',
        params: { language: 'uk' },
      },
      { field: 'definition.pages.1.questions.0.max', key: 'minMax' },
      { field: 'definition.pages.0.skip.0.when.question', key: 'skipQuestion' },
      { field: 'definition.pages.0.skip.0.goTo', key: 'skipForward' },
    ])
    // The server names the same fields, except an empty option label, which it lets through; checked here.
    const server = new Set(serverFields(broken))
    for (const issue of issues)
      if (!issue.field.endsWith('.label')) expect(server.has(issue.field), issue.field).toBe(true)
  })

  test('an empty name or touchpoint and a rule without its value are required', () => {
    const rule = structuredClone(valid)
    rule.pages[0]!.skip = [{ when: { question: 'nps', op: 'gte' }, goTo: { ending: 'thanks' } }]
    expect(draftIssues({ ...settings, name: ' ', touchpoint: '' }, rule)).toEqual([
      { field: 'name', key: 'required' },
      { field: 'touchpoint', key: 'required' },
      { field: 'definition.pages.0.skip.0.when.value', key: 'required' },
    ])
  })
})

describe("the server's 400 details become issues in the user's language", () => {
  test("definition.ts's messages are recognised; zod's and unknown ones become keys, never text", () => {
    expect(
      serverIssues([
        { field: 'definition.pages.0.questions.1.text', message: 'needs a text in pl' },
        { field: 'definition.pages.0.questions.1.id', message: 'duplicate question id nps' },
        { field: 'definition.pages.1.questions.0.max', message: 'must exceed min' },
        { field: 'definition.pages.0.skip.0.goTo', message: 'can only jump forward to a later page' },
        { field: 'definition.pages', message: 'Too small: expected array to have >=1 items' },
        { field: 'name', message: 'Invalid input: expected string, received undefined' },
        { field: 'definition.pages.0.questions.0.type', message: 'Invalid input' },
        { message: 'no field' },
        'junk',
      ]),
    ).toEqual([
      { field: 'definition.pages.0.questions.1.text', key: 'needsText', params: { language: 'pl' } },
      { field: 'definition.pages.0.questions.1.id', key: 'duplicateId', params: { id: 'nps' } },
      { field: 'definition.pages.1.questions.0.max', key: 'minMax' },
      { field: 'definition.pages.0.skip.0.goTo', key: 'skipForward' },
      { field: 'definition.pages', key: 'tooFew' },
      { field: 'name', key: 'required' },
      { field: 'definition.pages.0.questions.0.type', key: 'invalid' },
    ])
    expect(serverIssues(undefined)).toEqual([])
  })

  test('each field is shown at its control, its question or rule, or else in the summary', () => {
    expect(slotOf('name')).toBe('name')
    expect(slotOf('definition.pages.0.questions.1.text')).toBe('definition.pages.0.questions.1.text')
    expect(slotOf('definition.pages.0.questions.1.text.en')).toBe('definition.pages.0.questions.1.text')
    expect(slotOf('definition.pages.2.questions.0.options.3.label')).toBe(
      'definition.pages.2.questions.0.options.3.label',
    )
    expect(slotOf('definition.pages.0.questions.1.max')).toBe('definition.pages.0.questions.1')
    expect(slotOf('definition.pages.0.questions.1.textual')).toBe('definition.pages.0.questions.1')
    expect(slotOf('definition.pages.0.skip.2.when.value')).toBe('definition.pages.0.skip.2')
    expect(slotOf('definition.endings')).toBe('')
    expect(slotOf('definition.pages')).toBe('')
  })
})
