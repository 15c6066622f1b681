import type { MetricRow, MetricsRequest } from './metrics.js'

// The metrics as CSV rows: the group's columns, the estimate, the counts and the change.

const countColumns: Record<MetricsRequest['metric']['kind'], string[]> = {
  nps: ['promoters', 'passives', 'detractors'],
  csat: ['satisfied', 'neutral', 'dissatisfied'],
  ces: ['easy', 'neutral', 'difficult'],
  trim: [],
  item: [],
}

function groupColumns(request: MetricsRequest): (keyof MetricRow)[] {
  const columns: (keyof MetricRow)[] = []
  if (request.dimension === 'survey') columns.push('surveyId', 'surveyName')
  else if (request.dimension === 'orgUnit') columns.push('orgUnitId', 'orgUnitName')
  else if (request.dimension === 'stage') columns.push('journeyName', 'stageId', 'stageName')
  else if (typeof request.dimension === 'object' && request.dimension !== null) columns.push('attribute')
  else if (request.dimension) columns.push(request.dimension)
  if (request.period) columns.push('period')
  return columns
}

/** A text cell that a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection). */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function metricsCsvHeader(request: MetricsRequest): string[] {
  return [
    ...groupColumns(request),
    'n',
    'value',
    'se',
    'ci95_low',
    'ci95_high',
    'below_min_n',
    ...countColumns[request.metric.kind],
    ...(request.compare ? ['change', 'change_se', 'change_p_value', 'change_significant'] : []),
  ]
}

/** Booleans are written as true/false: csv-stringify would write 1 and an empty cell. */
export function metricsCsvRow(request: MetricsRequest, row: MetricRow): unknown[] {
  const change = row.change
  return [
    ...groupColumns(request).map((column) => neutraliseCell(String(row[column] ?? ''))),
    row.n,
    row.value,
    row.se,
    row.ci95?.[0] ?? null,
    row.ci95?.[1] ?? null,
    String(row.belowMinN),
    ...countColumns[request.metric.kind].map((name) => row.counts[name] ?? 0),
    ...(request.compare
      ? [
          change?.difference ?? null,
          change?.se ?? null,
          change?.pValue ?? null,
          change ? String(change.significant) : null,
        ]
      : []),
  ]
}
