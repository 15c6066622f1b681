import { z } from 'zod'
import { npsKindSchema } from '../surveys/surveys.js'
import type { Dimension, Metric, Period } from './metric-queries.js'
import type { MetricsRequest } from './metrics.js'

// The metrics endpoint's query string, parsed into a MetricsRequest: every bad value is a 400 naming its field.

const dimensions = [
  'touchpoint',
  'channel',
  'survey',
  'orgUnit',
  'stage',
  'language',
  'segment',
  'abc',
] as const
/** A customer attribute's name, as `attr:<name>` in `by`. */
const attributePattern = /^attr:([A-Za-z0-9_.-]{1,64})$/
const periods = ['day', 'week', 'month', 'quarter'] as const
const id = '[a-z][a-z0-9_]{0,62}'

const metricSchema = z
  .string()
  .max(140)
  .regex(
    new RegExp(`^(nps|csat|ces|trim|item:${id}(\\.${id})?)$`),
    'must be nps, csat, ces, trim or item:<questionId>',
  )

export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number]
    const date = new Date(Date.UTC(y, m - 1, d))
    return y >= 1900 && y <= 2999 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  }, 'must be a real date between 1900 and 2999')

const bySchema = z
  .string()
  .max(100)
  .transform((value, ctx) => {
    const parts = value.split(',').map((p) => p.trim())
    const dimension: Dimension[] = [
      ...parts.filter((p): p is (typeof dimensions)[number] => (dimensions as readonly string[]).includes(p)),
      ...parts.flatMap((p) => {
        const attribute = attributePattern.exec(p)?.[1]
        return attribute ? [{ attribute }] : []
      }),
    ]
    const period = parts.filter((p): p is Period => (periods as readonly string[]).includes(p))
    if (dimension.length + period.length !== parts.length || dimension.length > 1 || period.length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most one of ${dimensions.join(', ')}, attr:<name> and at most one of ${periods.join(', ')}`,
      })
      return z.NEVER
    }
    return { dimension: dimension[0] ?? null, period: period[0] ?? null }
  })

export const metricsQuerySchema = z
  .object({
    metric: metricSchema,
    npsKind: npsKindSchema.optional(),
    by: bySchema.optional(),
    from: localDate.optional(),
    to: localDate.optional(),
    compare: z.enum(['previous']).optional(),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (q.metric === 'nps' && !q.npsKind)
      issue('npsKind', 'relational or transactional: the two kinds of NPS are never pooled')
    if (q.metric !== 'nps' && q.npsKind) issue('npsKind', 'only for metric=nps')
    if (q.from && q.to && q.from > q.to) issue('to', 'must not be before from')
    if (q.compare && !q.by?.period && !(q.from && q.to))
      issue('compare', 'needs a period in by, or both from and to')
  })

export type MetricsQuery = z.output<typeof metricsQuerySchema>

function parseMetric(metric: string, npsKind: MetricsQuery['npsKind']): Metric {
  if (metric === 'nps') return { kind: 'nps', npsKind: npsKind ?? 'transactional' }
  if (metric === 'csat' || metric === 'ces' || metric === 'trim') return { kind: metric }
  const [questionId = '', statement] = metric.slice('item:'.length).split('.')
  return { kind: 'item', questionId, statement: statement ?? null }
}

/** The engine's request from a parsed query string. */
export function metricsRequest(query: MetricsQuery): MetricsRequest {
  return {
    metric: parseMetric(query.metric, query.npsKind),
    dimension: query.by?.dimension ?? null,
    period: query.by?.period ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    compare: query.compare === 'previous',
  }
}
