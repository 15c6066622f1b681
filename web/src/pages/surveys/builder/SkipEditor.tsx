import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import type { Definition, Language, Text } from '../surveys-api.js'
import { type FieldIssue, issuesIn } from './draft-issues.js'
import { IssueText } from './IssueText.js'
import { type ConditionOp, opsFor, type SkipRule } from './skip-logic.js'
import type { DraftAction } from './survey-draft.js'

const opSigns: Partial<Record<ConditionOp, string>> = {
  gte: '≥',
  lte: '≤',
  gt: '>',
  lt: '<',
  eq: '=',
  neq: '≠',
}

/** The name of a condition's op as shown: a sign for comparisons, words for the others. */
export function opLabel(
  op: ConditionOp,
  t: (
    key: 'surveys.builder.opAnswered' | 'surveys.builder.opNotAnswered' | 'surveys.builder.opIncludes',
  ) => string,
): string {
  if (op === 'answered') return t('surveys.builder.opAnswered')
  if (op === 'not_answered') return t('surveys.builder.opNotAnswered')
  if (op === 'includes') return t('surveys.builder.opIncludes')
  return opSigns[op] ?? op
}

/** "After this page, if <question> <op> <value>, go to <page or ending>": the page's skip rules, in order. */
export function SkipEditor({
  definition,
  page,
  language,
  issues,
  dispatch,
}: {
  definition: Definition
  page: number
  language: Language
  issues: FieldIssue[]
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  const rules = definition.pages[page]?.skip ?? []
  const asked = definition.pages.slice(0, page + 1).flatMap((p) => p.questions)
  const later = definition.pages.slice(page + 1)
  const text = (x: Text | undefined) => x?.[language] ?? x?.[definition.defaultLanguage] ?? ''
  const set = (next: SkipRule[]) => dispatch({ type: 'setSkip', page, rules: next })
  const change = (i: number, rule: SkipRule) => set(rules.map((r, j) => (j === i ? rule : r)))
  const first = asked.find((q) => q.type !== 'text') ?? asked[0]
  const target = (rule: SkipRule) =>
    'page' in rule.goTo ? `page:${rule.goTo.page}` : `ending:${rule.goTo.ending}`
  return (
    <fieldset className="skip-editor" data-testid={`skip-editor-${page}`}>
      <legend className="small">{t('surveys.builder.afterPage', { n: page + 1 })}</legend>
      {rules.map((rule, i) => {
        const question = asked.find((q) => q.id === rule.when.question)
        const ops = question ? opsFor(question) : []
        const needsValue = rule.when.op !== 'answered' && rule.when.op !== 'not_answered'
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rules have no id; their place is their identity.
          <div className="skip-rule" key={i} data-testid={`skip-rule-${page}-${i}`}>
            <span>{t('surveys.builder.if')}</span>
            <select
              className="select"
              aria-label={t('surveys.builder.ruleQuestion')}
              value={rule.when.question}
              onChange={(e) => change(i, { ...rule, when: { ...rule.when, question: e.target.value } })}
              data-testid={`skip-question-${page}-${i}`}
            >
              {asked.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.id}: {text(q.text).slice(0, 40)}
                </option>
              ))}
            </select>
            <select
              className="select"
              aria-label={t('surveys.builder.ruleOp')}
              value={rule.when.op}
              onChange={(e) =>
                change(i, { ...rule, when: { ...rule.when, op: e.target.value as ConditionOp } })
              }
              data-testid={`skip-op-${page}-${i}`}
            >
              {ops.map((op) => (
                <option key={op} value={op}>
                  {opLabel(op, t)}
                </option>
              ))}
            </select>
            {needsValue &&
              (question && 'options' in question ? (
                <select
                  className="select"
                  aria-label={t('surveys.builder.ruleValue')}
                  value={String(rule.when.value ?? '')}
                  onChange={(e) => change(i, { ...rule, when: { ...rule.when, value: e.target.value } })}
                  data-testid={`skip-value-${page}-${i}`}
                >
                  {question.options.map((o) => (
                    <option key={o.id} value={o.id}>
                      {text(o.label)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  className="input skip-value"
                  type="number"
                  aria-label={t('surveys.builder.ruleValue')}
                  value={rule.when.value ?? ''}
                  onChange={(e) =>
                    change(i, {
                      ...rule,
                      when: {
                        ...rule.when,
                        value: e.target.value === '' ? undefined : Number(e.target.value),
                      },
                    })
                  }
                  data-testid={`skip-value-${page}-${i}`}
                />
              ))}
            <span>{t('surveys.builder.goTo')}</span>
            <select
              className="select"
              aria-label={t('surveys.builder.ruleTarget')}
              value={target(rule)}
              onChange={(e) => {
                const [kind, id = ''] = e.target.value.split(':')
                change(i, { ...rule, goTo: kind === 'page' ? { page: id } : { ending: id } })
              }}
              data-testid={`skip-target-${page}-${i}`}
            >
              {later.map((p) => (
                <option key={p.id} value={`page:${p.id}`}>
                  {t('surveys.builder.pageN', { n: definition.pages.indexOf(p) + 1 })}
                </option>
              ))}
              {definition.endings.map((e) => (
                <option key={e.id} value={`ending:${e.id}`}>
                  {t('surveys.builder.endingNamed', { title: text(e.title).slice(0, 40) })}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => set(rules.filter((_, j) => j !== i))}
            >
              {t('surveys.builder.remove')}
            </button>
            <IssueText
              issues={issuesIn(issues, `definition.pages.${page}.skip.${i}`)}
              slot={`definition.pages.${page}.skip.${i}`}
            />
          </div>
        )
      })}
      {first && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            set([
              ...rules,
              {
                when: {
                  question: first.id,
                  op: opsFor(first)[0] ?? 'answered',
                  value: opsFor(first)[0] === 'gte' ? 9 : undefined,
                },
                goTo: { ending: definition.endings[0]?.id ?? 'thanks' },
              },
            ])
          }
          data-testid={`add-skip-${page}`}
        >
          {t('surveys.builder.addRule')}
        </button>
      )}
    </fieldset>
  )
}
