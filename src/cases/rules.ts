import { z } from 'zod'
import type { Db } from '../db/db.js'
import type { CompletedResponse } from '../feedback/completed-responses.js'

// The rules that open a case from a completed response. Pure: the response comes already classified by
// question type (the composition root passes in the feedback capability's reader).

export const prioritySchema = z.enum(['urgent', 'high', 'normal', 'low'])
export type Priority = z.infer<typeof prioritySchema>

const word = z.string().trim().min(1).max(100)
export const caseRuleSchema = z.discriminatedUnion('when', [
  /** NPS 0–6. */
  z.object({ name: word, when: z.literal('detractor'), priority: prioritySchema }),
  /** CSAT (1–5) at or below the threshold. */
  z.object({
    name: word,
    when: z.literal('csat_at_most'),
    value: z.number().int().min(1).max(5),
    priority: prioritySchema,
  }),
  /** CES (1–7) at or below the threshold. */
  z.object({
    name: word,
    when: z.literal('ces_at_most'),
    value: z.number().int().min(1).max(7),
    priority: prioritySchema,
  }),
  /** A chosen answer: one of these option ids picked on a single or multiple choice question. */
  z.object({
    name: word,
    when: z.literal('answer'),
    options: z.array(word).min(1).max(50),
    priority: prioritySchema,
  }),
  /** A comment holding one of these words (whole words, any case). */
  z.object({
    name: word,
    when: z.literal('comment_contains'),
    words: z.array(word).min(1).max(50),
    priority: prioritySchema,
  }),
])
export type CaseRule = z.infer<typeof caseRuleSchema>
export const caseRulesSchema = z.array(caseRuleSchema).max(50)

/** The rules a workspace starts with: detractors, CSAT ≤ 2 and CES ≤ 3, as the issue names them. */
export const defaultRules: CaseRule[] = [
  { name: 'Detractor', when: 'detractor', priority: 'high' },
  { name: 'Low satisfaction', when: 'csat_at_most', value: 2, priority: 'normal' },
  { name: 'Hard to do', when: 'ces_at_most', value: 3, priority: 'normal' },
]

/** A completed response, its answers sorted by what the survey asked (as feedback reads it). */
export type ClassifiedResponse = CompletedResponse

/** Reads the completed responses after a point, oldest first (the feedback capability's, passed in). */
export type CompletedResponses = (db: Db, after: Date, limit: number) => Promise<ClassifiedResponse[]>

/** What made a rule match, in words for the case's subject. */
export interface RuleMatch {
  rule: CaseRule
  reason: string
}

function wordsIn(text: string): Set<string> {
  return new Set(
    text
      .toLocaleLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  )
}

/** The first rule the response meets, in the workspace's order; undefined when none does. */
export function matchRule(rules: readonly CaseRule[], response: ClassifiedResponse): RuleMatch | undefined {
  for (const rule of rules) {
    const reason = reasonFor(rule, response)
    if (reason) return { rule, reason }
  }
  return undefined
}

function reasonFor(rule: CaseRule, r: ClassifiedResponse): string | undefined {
  switch (rule.when) {
    case 'detractor': {
      const score = r.nps.find((s) => s <= 6)
      return score === undefined ? undefined : `NPS ${score}`
    }
    case 'csat_at_most': {
      const score = r.csat.find((s) => s <= rule.value)
      return score === undefined ? undefined : `CSAT ${score}`
    }
    case 'ces_at_most': {
      const score = r.ces.find((s) => s <= rule.value)
      return score === undefined ? undefined : `CES ${score}`
    }
    case 'answer': {
      const picked = r.choices.find((c) => rule.options.includes(c))
      return picked === undefined ? undefined : `answered ${picked}`
    }
    case 'comment_contains': {
      const wanted = rule.words.map((w) => w.toLocaleLowerCase())
      for (const comment of r.comments) {
        const words = wordsIn(comment)
        const hit = wanted.find((w) =>
          w.includes(' ') ? comment.toLocaleLowerCase().includes(w) : words.has(w),
        )
        if (hit) return `comment mentions “${hit}”`
      }
      return undefined
    }
  }
}
