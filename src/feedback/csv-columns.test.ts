import { expect, test } from 'vitest'
import { parseDefinition } from '../surveys/definition.js'
import { answerColumns } from './csv-columns.js'

const definition = (questions: unknown[]) =>
  parseDefinition({
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'T' },
    pages: [{ id: 'p', questions }],
    endings: [{ id: 'e', title: { en: 'Bye' } }],
  })
const q = (id: string, type = 'nps') => ({ id, type, text: { en: id } })
const battery = {
  id: 'b',
  type: 'battery',
  text: { en: 'b' },
  statements: [
    { id: 's1', text: { en: 'one' } },
    { id: 's2', text: { en: 'two' } },
  ],
}

test("the current version's order first, then questions only older versions asked, newest first, once each", () => {
  const v3 = definition([q('c'), q('a')])
  const v2 = definition([q('a'), q('x'), battery])
  const v1 = definition([q('y'), q('x')])
  expect(answerColumns(v3, [v2, v1]).map((c) => c.header)).toEqual(['c', 'a', 'x', 'b.s1', 'b.s2', 'y'])
})

test('cells: a number, choices joined by ;, a battery statement, nothing for a question not answered', () => {
  const columns = answerColumns(
    definition([
      q('n'),
      {
        ...q('m', 'multiple'),
        options: [
          { id: 'o1', label: { en: '1' } },
          { id: 'o2', label: { en: '2' } },
        ],
      },
      battery,
    ]),
    [],
  )
  const answers = { n: 9, m: ['o1', 'o2'], b: { s2: 6 } }
  expect(columns.map((c) => c.get(answers))).toEqual(['9', 'o1;o2', '', '6'])
})
