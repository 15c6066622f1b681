import { createOrgUnit } from '../access/org-units.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'

// Test support: a workspace with a unit tree company → north → riga, people in it, and a customer in Riga.

export async function caseWorkspace(db: Db) {
  const [org] = await db.query<{ id: string }>(
    sql`insert into organizations (name) values ('Org') returning id`,
  )
  const [ws] = await db.query<{ id: string }>(
    sql`insert into workspaces (organization_id, name) values (${org!.id}, 'Shop') returning id`,
  )
  const workspaceId = ws!.id
  const company = await createOrgUnit(db, workspaceId, { code: 'company', name: 'Company', kind: 'company' })
  const north = await createOrgUnit(db, workspaceId, { code: 'north', name: 'North', parentCode: 'company' })
  const riga = await createOrgUnit(db, workspaceId, { code: 'riga', name: 'Riga', parentCode: 'north' })
  const person = async (name: string, role: string, unitId: string | null) => {
    const [user] = await db.query<{
      id: string
    }>(sql`insert into users (organization_id, email, name, password_hash)
      values (${org!.id}, ${`${name.toLowerCase()}-${workspaceId.slice(0, 8)}@shop.test`}, ${name}, 'x') returning id`)
    await db.query(sql`insert into memberships (workspace_id, user_id, role, org_unit_id)
      values (${workspaceId}, ${user!.id}, ${role}, ${unitId})`)
    return user!.id
  }
  const customer = async (externalId: string, unitId: string | null, email: string | null = null) => {
    const [row] = await db.query<{ id: string }>(sql`insert into customers
        (workspace_id, external_id, name, email, language, org_unit_id)
      values (${workspaceId}, ${externalId}, ${`Customer ${externalId}`}, ${email}, 'lv', ${unitId}) returning id`)
    return row!.id
  }
  return { organizationId: org!.id, workspaceId, units: { company, north, riga }, person, customer }
}

/** A survey asking NPS, a choice and a comment, and a function that stores a completed answer to it. */
export async function npsSurvey(db: Db, workspaceId: string, touchpoint = 'delivery') {
  const definition = {
    defaultLanguage: 'en',
    languages: ['en'],
    title: { en: 'Delivery' },
    pages: [
      {
        id: 'p',
        questions: [
          { id: 'nps', type: 'nps', required: true, text: { en: 'Recommend?' } },
          {
            id: 'why',
            type: 'single',
            required: false,
            text: { en: 'Why?' },
            options: [
              { id: 'late', label: { en: 'Late' } },
              { id: 'price', label: { en: 'Price' } },
            ],
          },
          {
            id: 'comment',
            type: 'text',
            required: false,
            multiline: true,
            maxLength: 2000,
            text: { en: 'More?' },
          },
        ],
      },
    ],
    endings: [{ id: 'thanks', title: { en: 'Thanks' } }],
  }
  const [survey] = await db.query<{
    id: string
  }>(sql`insert into surveys (workspace_id, name, touchpoint, slug)
    values (${workspaceId}, 'Delivery NPS', ${touchpoint}, ${`s-${Math.random().toString(36).slice(2)}`}) returning id`)
  await db.query(sql`insert into survey_versions (survey_id, version, workspace_id, definition, estimated_seconds)
    values (${survey!.id}, 1, ${workspaceId}, ${JSON.stringify(definition)}::jsonb, 30)`)
  let n = 0
  const answer = async (
    customerId: string | null,
    answers: Record<string, unknown>,
    completedAt: Date,
    orgUnitId: string | null = null,
  ) => {
    const [row] = await db.query<{
      id: string
    }>(sql`insert into responses (workspace_id, survey_id, survey_version,
        client_id, customer_id, org_unit_id, language, channel, touchpoint, nps_kind, answers, completed_at)
      values (${workspaceId}, ${survey!.id}, 1, ${`client-${n++}`}, ${customerId}, ${orgUnitId}, 'lv', 'link',
        ${touchpoint}, 'transactional', ${JSON.stringify(answers)}::jsonb, ${completedAt})
      returning id`)
    return row!.id
  }
  return { surveyId: survey!.id, answer }
}

type JsonClient = {
  json<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>
}

/** The walk fixture's cases: a webhook endpoint, a case about the customer (queuing one delivery), its ids. */
export async function seedCases(owner: JsonClient, api: string, customerId: string) {
  const endpoint = await owner.json<{ id: string }>('POST', `${api}/webhook-endpoints`, {
    url: 'https://receiver.example/never',
    events: ['case.opened'],
  })
  const opened = await owner.json<{ id: string }>('POST', `${api}/cases`, {
    customerId,
    subject: 'Walk case',
    priority: 'normal',
  })
  const deliveries = await owner.json<{ items: { id: string }[] }>(
    'GET',
    `${api}/webhook-endpoints/${endpoint.body.id}/deliveries`,
  )
  const settings = await owner.json<{ inboundRelayPath: string }>('GET', `${api}/case-settings`)
  const deliveryId = deliveries.body.items[0]?.id
  if (opened.status !== 201 || !deliveryId) throw new Error(`fixture: case ${opened.status}, no delivery`)
  const change = await owner.json<{ id: string }>('POST', `${api}/changes`, {
    title: 'Walk change',
    texts: { '*': 'We changed it.' },
    touchpoint: 'delivery',
  })
  if (change.status !== 201) throw new Error(`fixture: change ${change.status}`)
  const campaign = await owner.json<{ id: string }>('POST', `${api}/outreach-campaigns`, {
    name: 'Walk campaign',
    list: 'silent',
    subject: 'We miss you',
    template: 'Hi {{name}}',
  })
  if (campaign.status !== 201) throw new Error(`fixture: campaign ${campaign.status}`)
  return {
    campaignId: campaign.body.id,
    changeId: change.body.id,
    caseId: opened.body.id,
    endpointId: endpoint.body.id,
    deliveryId,
    inboundToken: settings.body.inboundRelayPath.split('/').at(-1) ?? '',
  }
}

/** Valid case settings (the calendar's refinements are beyond what a walk derives from JSON Schema). */
export const caseSettingsBody = {
  calendar: {
    timeZone: 'Europe/Riga',
    hours: [null, ...Array.from({ length: 5 }, () => ({ start: '09:00', end: '17:00' })), null],
    holidays: ['2026-06-24'],
  },
  sla: {
    urgent: { firstReplyHours: 1, resolutionHours: 8 },
    high: { firstReplyHours: 4, resolutionHours: 16 },
    normal: { firstReplyHours: 8, resolutionHours: 40 },
    low: { firstReplyHours: 16, resolutionHours: 80 },
  },
  rules: [{ name: 'Detractor', when: 'detractor', priority: 'high' }],
}
