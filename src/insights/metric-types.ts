import type { NpsKind } from '../surveys/surveys.js'

// What a metric query asks and what SQL counts for it, shared by the raw and the rollup paths.

/** A group of answers: a field of the response, the customer's segment or ABC class, or a customer attribute. */
export type Dimension =
  | 'touchpoint'
  | 'channel'
  | 'survey'
  | 'orgUnit'
  | 'stage'
  | 'language'
  | 'segment'
  | 'abc'
  | { attribute: string }
export type Period = 'day' | 'week' | 'month' | 'quarter'

export type Metric =
  | { kind: 'nps'; npsKind: NpsKind }
  | { kind: 'csat' }
  | { kind: 'ces' }
  | { kind: 'trim' }
  | { kind: 'item'; questionId: string; statement: string | null }

export interface MetricQuery {
  metric: Metric
  dimension: Dimension | null
  period: Period | null
  /** Local dates (YYYY-MM-DD) in the workspace's time zone; `to` is included. */
  from: string | null
  to: string | null
}

/** A group's key: the dimension's fields and the period's first local day. */
export interface GroupKey {
  touchpoint?: string
  channel?: string
  language?: string
  surveyId?: string
  surveyName?: string
  orgUnitId?: string
  orgUnitName?: string
  /** The journey stage of the answer's touchpoint; null for a touchpoint placed on no journey. */
  stageId?: string | null
  stageName?: string | null
  journeyId?: string | null
  journeyName?: string | null
  /** The customer's RFM segment or ABC class now; null for answers of no customer or one without purchases. */
  segment?: string | null
  abc?: string | null
  /** The customer attribute's value as text; null where the answer has no customer or the attribute is unset. */
  attribute?: string | null
  period?: string
}

/** What SQL counts per group; the estimates are made from these in metric-math. */
export interface GroupCounts {
  group: GroupKey
  n: number
  mean: number | null
  variance: number | null
  /** Answers at or above the metric's top band (promoters, CSAT 4–5, CES 5–7). */
  high: number
  /** Answers at or below the bottom band (detractors, CSAT 1–2, CES 1–3). */
  low: number
  scaleMin: number | null
  scaleMax: number | null
}
