import { allQuestions, type SurveyDefinition } from '../surveys/definition.js'
import { fixedColumns, responseFileColumns } from './response-row.js'

// The names other survey tools give the columns of their exports: Delighted ("Response ID", "Score", "Comment",
// "Response Timestamp", "Person ID"), SurveyMonkey ("Respondent ID", "End Date", "Email Address", then each
// question's text), Typeform and Qualtrics alike. Compared with case, spaces and punctuation ignored; the first
// name in a list that the file has wins.
const fixedNames: Record<(typeof fixedColumns)[number], string[]> = {
  response_id: ['response id', 'respondent id', 'responseid', 'submission id', 'network id', 'id'],
  customer_id: ['customer id', 'person id', 'external id', 'user id', 'client id', 'customer'],
  email: ['email', 'e-mail', 'email address', 'respondent email', 'recipient email', 'person email'],
  answered_at: [
    'answered at',
    'response timestamp',
    'responded at',
    'submitted at',
    'submit date',
    'end date',
    'completed at',
    'recorded date',
    'created at',
    'date',
    'timestamp',
  ],
  channel: ['channel', 'collector', 'source'],
  touchpoint: ['touchpoint', 'touch point'],
  language: ['language', 'locale', 'lang', 'user language'],
}

// A question of a type the survey has once is found by the generic names of its score or comment.
const typeNames: Record<string, string[]> = {
  nps: ['score', 'nps', 'nps score', 'likelihood to recommend', 'recommend'],
  csat: ['csat', 'csat score', 'satisfaction', 'rating'],
  ces: ['ces', 'ces score', 'effort', 'customer effort'],
  text: ['comment', 'comments', 'feedback', 'reason', 'why', 'open answer'],
}

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')

/**
 * Survey column → the file's header that probably holds it, each header used once: the column's own name first
 * (question ids included), then a question's or statement's text in any of its languages, then the names other
 * tools use.
 * @example suggestResponseMapping(['Response ID', 'Score', 'Comment', 'Response Timestamp', 'Email'], npsSurvey)
 */
export function suggestResponseMapping(
  headers: readonly string[],
  definition: SurveyDefinition,
): Record<string, string> {
  const byName = new Map<string, string>()
  for (const header of headers) if (!byName.has(squash(header))) byName.set(squash(header), header)
  const used = new Set<string>()
  const mapping: Record<string, string> = {}
  const take = (column: string, names: readonly string[]) => {
    if (mapping[column]) return
    for (const name of names) {
      const header = byName.get(squash(name))
      if (header !== undefined && !used.has(header)) {
        mapping[column] = header
        used.add(header)
        return
      }
    }
  }
  const columns = responseFileColumns(definition)
  for (const column of columns) take(column, [column])
  for (const [column, names] of textNames(definition)) take(column, names)
  for (const column of fixedColumns) take(column, fixedNames[column])
  const questions = allQuestions(definition)
  for (const [type, names] of Object.entries(typeNames)) {
    const ofType = questions.filter((q) => q.type === type)
    if (ofType.length === 1) take(ofType[0]!.id, names)
  }
  return mapping
}

// Each question's (or battery statement's) texts in all its languages, as SurveyMonkey heads its columns.
function textNames(definition: SurveyDefinition): [string, string[]][] {
  return allQuestions(definition).flatMap((q): [string, string[]][] =>
    q.type === 'battery'
      ? q.statements.map((s) => [`${q.id}.${s.id}`, Object.values(s.text).filter((t) => t !== undefined)])
      : [[q.id, Object.values(q.text).filter((t) => t !== undefined)]],
  )
}
