import { expect, test } from 'vitest'
import { allQuestions, languages, parseDefinition, type Text } from './definition.js'
import { estimateSeconds, MAX_RECOMMENDED_SECONDS } from './estimate-time.js'
import { surveyTemplates } from './templates.js'

const complete = (text: Text | undefined) => languages.every((l) => (text?.[l] ?? '').trim().length > 0)

test.each(surveyTemplates.map((t) => [t.key, t] as const))(
  'template %s is valid, in all five languages, under four minutes, with its source and meaning',
  (_key, template) => {
    const d = parseDefinition(template.definition)
    expect(d.languages).toEqual([...languages])
    expect(complete(template.name)).toBe(true)
    expect(complete(template.meaning)).toBe(true)
    expect(template.source.length).toBeGreaterThan(20)
    expect(complete(d.title)).toBe(true)
    for (const e of d.endings) expect(complete(e.title), e.id).toBe(true)
    for (const page of d.pages) if (page.title) expect(complete(page.title), page.id).toBe(true)
    for (const q of allQuestions(d)) {
      expect(complete(q.text), q.id).toBe(true)
      if ('options' in q) for (const o of q.options) expect(complete(o.label), `${q.id}.${o.id}`).toBe(true)
      if (q.type === 'battery')
        for (const s of q.statements) expect(complete(s.text), `${q.id}.${s.id}`).toBe(true)
      if ('minLabel' in q && q.minLabel) expect(complete(q.minLabel) && complete(q.maxLabel), q.id).toBe(true)
    }
    expect(estimateSeconds(d)).toBeLessThanOrEqual(MAX_RECOMMENDED_SECONDS)
  },
)

test('the batteries cover what the issue asks: six forces and five commitment components', () => {
  const statementIds = (key: string) => {
    const d = parseDefinition(surveyTemplates.find((t) => t.key === key)!.definition)
    const battery = allQuestions(d).find((q) => q.type === 'battery')
    return battery?.type === 'battery' ? battery.statements.map((s) => s.id) : []
  }
  const groups = (ids: string[]) => {
    const counts: Record<string, number> = {}
    for (const id of ids) {
      const group = id.replace(/_\d+$/, '')
      counts[group] = (counts[group] ?? 0) + 1
    }
    return counts
  }
  expect(groups(statementIds('six_forces'))).toEqual({
    pleasure: 1,
    belonging: 1,
    clarity: 2,
    fairness: 2,
    control: 2,
    status: 2,
  })
  expect(groups(statementIds('commitment'))).toEqual({
    affective: 3,
    normative: 2,
    economic: 2,
    forced: 2,
    habitual: 2,
  })
  const loyalty = parseDefinition(surveyTemplates.find((t) => t.key === 'loyalty_index')!.definition)
  expect(loyalty.scoring?.weights).toEqual({
    satisfaction: 0.3,
    recommend: 0.2,
    repurchase: 0.3,
    advantage: 0.2,
  })
  expect(surveyTemplates.find((t) => t.key === 'relational_nps')!.npsKind).toBe('relational')
  expect(surveyTemplates.find((t) => t.key === 'transactional_nps')!.npsKind).toBe('transactional')
})
