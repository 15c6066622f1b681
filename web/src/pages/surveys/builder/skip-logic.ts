import type { Definition, Question } from '../surveys-api.js'

export type Page = Definition['pages'][number]
export type SkipRule = NonNullable<Page['skip']>[number]
export type Condition = SkipRule['when']
export type ConditionOp = Condition['op']

/** The ops that compare with a value, by question kind; `answered`/`not_answered` take none. */
export const scaleOps: ConditionOp[] = ['gte', 'lte', 'gt', 'lt', 'eq', 'neq', 'answered', 'not_answered']
export const choiceOps: ConditionOp[] = ['eq', 'neq', 'includes', 'answered', 'not_answered']
export const textOps: ConditionOp[] = ['answered', 'not_answered']

function scaleOf(q: Question): [number, number] | undefined {
  switch (q.type) {
    case 'nps':
      return [0, 10]
    case 'csat':
      return [1, 5]
    case 'ces':
      return [1, 7]
    case 'rating':
      return [q.min ?? 1, q.max ?? 5]
    default:
      return undefined
  }
}

/** The ops a rule on this question may use. */
export function opsFor(q: Question): ConditionOp[] {
  if (q.type === 'single' || q.type === 'multiple') return choiceOps
  if (scaleOf(q) && q.type !== 'battery') return scaleOps
  return textOps
}

/** Whether a condition holds for one answer (undefined: not answered); as the survey page decides. */
export function holds(c: Condition, answer: number | string | string[] | undefined): boolean {
  if (c.op === 'answered') return answer !== undefined
  if (c.op === 'not_answered') return answer === undefined
  if (answer === undefined) return false
  if (c.op === 'includes')
    return Array.isArray(answer) ? answer.includes(String(c.value)) : answer === c.value
  if (Array.isArray(answer)) return false
  const [a, b] = [Number(answer), Number(c.value)]
  switch (c.op) {
    case 'eq':
      return String(answer) === String(c.value)
    case 'neq':
      return String(answer) !== String(c.value)
    case 'lt':
      return a < b
    case 'lte':
      return a <= b
    case 'gt':
      return a > b
    case 'gte':
      return a >= b
  }
}

/** Every answer a question can get, or undefined when there are too many to list (texts). */
function possibleAnswers(q: Question): (number | string | string[] | undefined)[] | undefined {
  const optional = q.required === false ? [undefined] : []
  const scale = scaleOf(q)
  if (scale && q.type !== 'battery') {
    const values: number[] = []
    for (let n = scale[0]; n <= scale[1]; n++) values.push(n)
    return [...values, ...optional]
  }
  if (q.type === 'single') return [...q.options.map((o) => o.id), ...optional]
  return undefined
}

/**
 * Whether the page's rules can all fail, so that the next page is reached by falling through. Decided when
 * one question's possible answers can be listed (scales, single choice): every answer fires some rule on it.
 */
export function canFallThrough(definition: Definition, page: Page): boolean {
  const rules = page.skip ?? []
  if (rules.length === 0) return true
  const questions = new Map(definition.pages.flatMap((p) => p.questions).map((q) => [q.id, q]))
  for (const id of new Set(rules.map((r) => r.when.question))) {
    const q = questions.get(id)
    if (!q) continue
    const on = rules.filter((r) => r.when.question === id)
    if (on.some((r) => r.when.op === 'answered') && on.some((r) => r.when.op === 'not_answered')) return false
    if (q.required !== false && on.some((r) => r.when.op === 'answered')) return false
    const answers = possibleAnswers(q)
    if (answers?.every((a) => on.some((r) => holds(r.when, a)))) return false
  }
  return true
}

/** The pages that no path through the survey reaches (their questions are never asked), by index. */
export function unreachablePages(definition: Definition): number[] {
  const reached = new Set<number>([0])
  definition.pages.forEach((page, p) => {
    if (!reached.has(p)) return
    if (p + 1 < definition.pages.length && canFallThrough(definition, page)) reached.add(p + 1)
    for (const rule of page.skip ?? []) {
      if (!('page' in rule.goTo)) continue
      const target = definition.pages.findIndex((x) => x.id === (rule.goTo as { page: string }).page)
      if (target > p) reached.add(target)
    }
  })
  return definition.pages.map((_, p) => p).filter((p) => !reached.has(p))
}

/** For each page after the first, the rules of earlier pages that jump over it (so some people never see it). */
export function skippedBy(definition: Definition): Map<number, { page: number; rule: SkipRule }[]> {
  const out = new Map<number, { page: number; rule: SkipRule }[]>()
  definition.pages.forEach((page, p) => {
    for (const rule of page.skip ?? []) {
      const target =
        'page' in rule.goTo
          ? definition.pages.findIndex((x) => x.id === (rule.goTo as { page: string }).page)
          : definition.pages.length
      for (let over = p + 1; over < target; over++)
        out.set(over, [...(out.get(over) ?? []), { page: p, rule }])
    }
  })
  return out
}
