import type { CustomerRecord, EventRecord, OrderRecord } from '../customers/records.js'
import type { Db } from '../db/db.js'
import { stringifyCsv } from '../http/stringify-csv.js'
import { importResponsesCsv, type ResponseImportReport } from '../insights/import-responses.js'
import { allQuestions } from '../surveys/definition.js'
import { newProgramSchema } from '../surveys/programs/program.js'
import { createProgram } from '../surveys/programs/programs.sql.js'
import { archiveSurvey, createSurvey } from '../surveys/surveys.js'
import { findTemplate } from '../surveys/templates.js'
import { type DemoResponse, type DemoSurveyKey, drawSurveyResponses } from './parts/survey-answers.js'

interface DemoSurvey {
  key: DemoSurveyKey
  template: string
  name: string
  touchpoint: string
}

/** The shop's surveys: which template each starts from and the touchpoint it asks about. */
const demoSurveys: DemoSurvey[] = [
  {
    key: 'delivery_nps',
    template: 'transactional_nps',
    name: 'NPS after delivery',
    touchpoint: 'order_delivered',
  },
  { key: 'support_csat', template: 'csat', name: 'CSAT after support', touchpoint: 'support_contact' },
  {
    key: 'relational_nps',
    template: 'relational_nps',
    name: 'Quarterly relationship NPS',
    touchpoint: 'relationship',
  },
  { key: 'six_forces', template: 'six_forces', name: 'Six forces of loyalty', touchpoint: 'relationship' },
  { key: 'commitment', template: 'commitment', name: 'Commitment', touchpoint: 'relationship' },
]

/**
 * The demo shop's surveys (active) and a year of answers imported as response history. Returns the import
 * report and the survey's id per survey.
 */
export async function loadDemoSurveys(
  db: Db,
  workspaceId: string,
  data: { customers: CustomerRecord[]; orders: OrderRecord[]; events: EventRecord[] },
  options: { seed: number; end: number },
): Promise<{ reports: Record<DemoSurveyKey, ResponseImportReport>; ids: Record<DemoSurveyKey, string> }> {
  const responses = drawSurveyResponses(data, options)
  const reports = {} as Record<DemoSurveyKey, ResponseImportReport>
  const ids = {} as Record<DemoSurveyKey, string>
  for (const s of demoSurveys) {
    const template = findTemplate(s.template)
    if (!template) throw new Error(`the demo needs the survey template ${s.template}`)
    const survey = await createSurvey(db, workspaceId, {
      name: s.name,
      touchpoint: s.touchpoint,
      npsKind: template.npsKind,
      definition: template.definition,
      template: template.key,
      status: 'active',
    })
    ids[s.key] = survey.id
    const csv = responsesCsv(
      allQuestions(survey.definition).flatMap((q) =>
        q.type === 'battery' ? q.statements.map((st) => `${q.id}.${st.id}`) : [q.id],
      ),
      responses[s.key],
    )
    reports[s.key] = await importResponsesCsv(
      db,
      { ...survey, version: survey.currentVersion, workspaceId },
      new TextEncoder().encode(csv),
    )
  }
  await archivedCampaign(db, workspaceId)
  return { reports, ids }
}

/** A finished campaign's survey, closed and archived: the archive has something to show and restore. */
async function archivedCampaign(db: Db, workspaceId: string): Promise<void> {
  const template = findTemplate('ces')
  if (!template) throw new Error('the demo needs the survey template ces')
  const survey = await createSurvey(db, workspaceId, {
    name: 'Black Friday checkout (ended)',
    touchpoint: 'checkout',
    npsKind: template.npsKind,
    definition: template.definition,
    template: template.key,
    status: 'closed',
  })
  await archiveSurvey(db, workspaceId, survey.id)
}

/**
 * The programs that send the demo's surveys on the events the demo emits. Made once the events are stored:
 * the trigger scan then has no year of history to read for them.
 */
export async function createDemoPrograms(db: Db, workspaceId: string, ids: Record<DemoSurveyKey, string>) {
  const programs = [
    {
      name: 'NPS a day after delivery',
      surveyId: ids.delivery_nps,
      channel: 'email',
      triggerEvent: 'order_delivered',
      delayMinutes: 24 * 60,
      samplePercent: 20,
    },
    {
      name: 'CSAT after a support contact',
      surveyId: ids.support_csat,
      channel: 'email',
      triggerEvent: 'support_contact',
      delayMinutes: 120,
    },
    {
      name: 'Relationship NPS on the account page',
      surveyId: ids.relational_nps,
      channel: 'widget',
      samplePercent: 10,
      widget: { on: 'page_view', pathContains: '/account' },
    },
  ]
  for (const p of programs) await createProgram(db, workspaceId, newProgramSchema.parse(p))
}

/** The import file of one survey: fixed columns, then one per question (a battery's as question.statement). */
function responsesCsv(columns: string[], responses: DemoResponse[]): string {
  const header = ['response_id', 'customer_id', 'answered_at', 'channel', 'language', ...columns]
  const rows = responses.map((r) => [
    r.responseId,
    r.customerId,
    r.answeredAt.toISOString(),
    r.channel,
    r.language,
    ...columns.map((column) => {
      const [id = '', statement] = column.split('.')
      const value = r.answers[id]
      if (value === undefined) return ''
      if (statement !== undefined) return (value as Record<string, number>)[statement] ?? ''
      return Array.isArray(value) ? value.join(';') : value
    }),
  ])
  return stringifyCsv([header, ...rows])
}
