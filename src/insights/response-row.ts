import { validateAnswers } from '../feedback/answers.js'
import { allQuestions, languageSchema, type SurveyDefinition } from '../surveys/definition.js'

// One row of a response history file (a CSV per survey) → a response to store, or what is wrong with it.

export const fixedColumns = [
  'response_id',
  'customer_id',
  'email',
  'answered_at',
  'channel',
  'touchpoint',
  'language',
] as const
const channels = ['link', 'email', 'widget', 'conversation'] as const
type Channel = (typeof channels)[number]

export interface ImportedResponse {
  responseId: string
  customerId: string | null
  email: string | null
  answeredAt: Date
  channel: Channel
  touchpoint: string
  language: string
  answers: Record<string, unknown>
}

export interface RowProblem {
  field: string | null
  message: string
}

/** How a file's header maps to the fixed columns and to the survey's questions (battery rows as q.statement). */
export interface ResponseColumns {
  fixed: Map<string, number>
  questions: { index: number; question: string; statement: string | null; kind: string }[]
}

/** The columns of a survey's response file: the fixed ones, then one per question (battery rows as q.statement). */
export function responseFileColumns(definition: SurveyDefinition): string[] {
  const questions = allQuestions(definition).flatMap((q) =>
    q.type === 'battery' ? q.statements.map((s) => `${q.id}.${s.id}`) : [q.id],
  )
  return [...fixedColumns, ...questions]
}

/**
 * The file's header against the survey: unknown columns are refused, so that a typo never drops answers. A null
 * in the header is a column left out on purpose (not mapped in the import wizard).
 */
export function mapResponseColumns(
  header: (string | null)[],
  definition: SurveyDefinition,
): { columns: ResponseColumns } | { error: string } {
  const questions = new Map(allQuestions(definition).map((q) => [q.id, q]))
  const columns: ResponseColumns = { fixed: new Map(), questions: [] }
  for (const [index, raw] of header.entries()) {
    if (raw === null) continue
    const name = raw.trim().replace(/^\uFEFF/, '')
    if ((fixedColumns as readonly string[]).includes(name)) {
      if (columns.fixed.has(name)) return { error: `the column ${name} appears twice` }
      columns.fixed.set(name, index)
      continue
    }
    const [id = '', statement] = name.split('.')
    const question = questions.get(id)
    const known =
      question !== undefined &&
      (question.type === 'battery'
        ? statement !== undefined && question.statements.some((s) => s.id === statement)
        : statement === undefined)
    if (!question || !known)
      return {
        error: `the column ${JSON.stringify(name.slice(0, 80))} is neither a fixed column nor a question of the survey`,
      }
    columns.questions.push({ index, question: id, statement: statement ?? null, kind: question.type })
  }
  for (const required of ['response_id', 'answered_at'])
    if (!columns.fixed.has(required)) return { error: `the column ${required} is missing` }
  if (!columns.fixed.has('customer_id') && !columns.fixed.has('email'))
    return { error: 'a customer_id or an email column is needed' }
  return { columns }
}

const dateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/

/** An ISO date or date-time; without a zone it is UTC. */
export function parseAnsweredAt(text: string): Date | null {
  const match = dateTime.exec(text)
  if (!match) return null
  const [, y, mo, d, h = '00', mi = '00'] = match
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${match[6] ?? '00'}${match[7] ? match[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return null
  if (date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2999) return null
  // new Date rolls 31 February over into March: such a date is refused.
  if (match[7] === undefined && date.getUTCDate() !== Number(d)) return null
  return date
}

function answerValue(kind: string, text: string): unknown {
  switch (kind) {
    case 'single':
    case 'text':
      return text
    case 'multiple':
      return text.split(';').map((v) => v.trim())
    default:
      return /^-?\d+$/.test(text) ? Number(text) : text
  }
}

const maxText = 200

/** The response a data row holds, checked against the survey's current definition. */
export function parseResponseRow(
  fields: string[],
  columns: ResponseColumns,
  survey: { definition: SurveyDefinition; touchpoint: string },
  parseDate: (text: string) => Date | null = parseAnsweredAt,
): { response: ImportedResponse } | { problem: RowProblem } {
  const cell = (name: string) => {
    const index = columns.fixed.get(name)
    const value = index === undefined ? '' : (fields[index] ?? '').trim()
    return value === '' ? null : value
  }
  const problem = (field: string | null, message: string) => ({ problem: { field, message } })
  const responseId = cell('response_id')
  if (!responseId) return problem('response_id', 'is required')
  if (responseId.length > maxText) return problem('response_id', `at most ${maxText} characters`)
  const customerId = cell('customer_id')
  const email = cell('email')
  if (!customerId && !email) return problem('customer_id', 'a customer id or an e-mail is required')
  if ((customerId?.length ?? 0) > maxText || (email?.length ?? 0) > 320)
    return problem(customerId ? 'customer_id' : 'email', 'is too long')
  const answeredText = cell('answered_at')
  const answeredAt = answeredText ? parseDate(answeredText) : null
  if (!answeredAt)
    return problem(
      'answered_at',
      parseDate === parseAnsweredAt
        ? 'must be a date or date-time YYYY-MM-DD[THH:mm[:ss]][zone]'
        : 'must be a date in the date format chosen',
    )
  const channel = cell('channel') ?? 'link'
  if (!(channels as readonly string[]).includes(channel))
    return problem('channel', `must be one of ${channels.join(', ')}`)
  const touchpoint = cell('touchpoint') ?? survey.touchpoint
  if (touchpoint.length > maxText) return problem('touchpoint', `at most ${maxText} characters`)
  const language = cell('language') ?? survey.definition.defaultLanguage
  if (!languageSchema.safeParse(language).success)
    return problem('language', `must be one of ${languageSchema.options.join(', ')}`)

  const given: Record<string, unknown> = {}
  for (const q of columns.questions) {
    const text = (fields[q.index] ?? '').trim()
    if (text === '') continue
    if (q.statement === null) given[q.question] = answerValue(q.kind, text)
    else {
      const battery = (given[q.question] ?? {}) as Record<string, unknown>
      battery[q.statement] = answerValue('battery', text)
      given[q.question] = battery
    }
  }
  const { answers, issues } = validateAnswers(survey.definition, given)
  const issue = issues[0]
  if (issue) return problem(issue.question, issue.message)
  if (Object.keys(answers).length === 0) return problem(null, 'the row answers no question')
  return {
    response: {
      responseId,
      customerId,
      email,
      answeredAt,
      channel: channel as Channel,
      touchpoint,
      language,
      answers,
    },
  }
}
