import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { saveDeliverySettings } from '../fatigue/delivery-settings.js'
import { createSurvey } from '../surveys.js'
import { npsDefinition } from '../test-survey.js'

// Test support: a workspace with an active two-language NPS survey and a few customers.

export interface TestCustomer {
  externalId: string
  name: string
  email?: string | null
  language?: string
  optedOut?: boolean
  emailOptIn?: boolean
  attributes?: Record<string, unknown>
}

export async function deliveryWorkspace(db: Db, customers: TestCustomer[]) {
  const org = await createOrganization(db, 'Org')
  const workspaceId = (await createWorkspace(db, org.id, 'Shop')).id
  const survey = await createSurvey(db, workspaceId, {
    name: 'After delivery',
    touchpoint: 'delivery',
    npsKind: 'transactional',
    definition: npsDefinition,
    status: 'active',
  })
  // No quiet hours unless a test sets them: the clock of the test run must not matter.
  await saveDeliverySettings(db, workspaceId, {
    quarantineDays: 30,
    maxPer90Days: 3,
    quietStart: 0,
    quietEnd: 0,
    timezone: 'UTC',
  })
  const ids: Record<string, string> = {}
  for (const c of customers) {
    const [row] = await db.query<{ id: string }>(sql`insert into customers
        (workspace_id, external_id, name, email, language, opted_out, email_opt_in, attributes)
      values (${workspaceId}, ${c.externalId}, ${c.name}, ${c.email === undefined ? `${c.externalId.toLowerCase()}@example.com` : c.email},
        ${c.language ?? 'en'}, ${c.optedOut ?? false}, ${c.emailOptIn ?? true}, ${JSON.stringify(c.attributes ?? {})}::jsonb)
      returning id`)
    ids[c.externalId] = row!.id
  }
  return { workspaceId, surveyId: survey.id, customerIds: ids }
}
