import { afterAll, beforeAll, expect, test } from 'vitest'
import { z } from 'zod'
import { meSchema } from '../../src/access/responses.js'
import { customerPageSchema, customerSchema, timelineSchema } from '../../src/customers/responses.js'
import type { Db } from '../../src/db/db.js'
import { pgliteTestDb } from '../../src/db/test-db.js'
import { responsePageSchema } from '../../src/feedback/responses-schema.js'
import {
  atRiskPageSchema,
  currentFitSchema,
  customerForecastSchema,
  fitValidationSchema,
} from '../../src/forecasts/responses.js'
import { minimalUrl, servedOperations } from '../../src/http/served-operations.js'
import {
  experienceSchema,
  journeyDocument,
  journeyListSchema,
  journeySchema,
  pathsSchema,
} from '../../src/journeys/schemas.js'
import { memberListSchema, programHealthSchema } from '../../src/loyalty/dashboard-routes.js'
import { engagementSchema } from '../../src/loyalty/engagement-routes.js'
import {
  actRulesSchema,
  actSchema,
  entriesPage,
  memberDetailSchema,
  settingsSchema,
  tierRulesSchema,
} from '../../src/loyalty/schemas.js'
import {
  cohortsSchema,
  segmentCustomerPageSchema,
  segmentHistorySchema,
  segmentSummarySchema,
} from '../../src/segments/responses.js'
import { seedWalkFixture, type WalkFixture } from '../../src/server/walk-fixture.js'
import {
  customerInvitationsSchema,
  programListSchema,
  programWithFunnelSchema,
  widgetSetupSchema,
} from '../../src/surveys/delivery-responses.js'
import { deliverySettingsSchema } from '../../src/surveys/fatigue/delivery-settings.js'
import { surveyListSchema, surveySchema, surveyTemplatesSchema } from '../../src/surveys/survey-responses.js'

// The dashboard's API types are the output types of these zod schemas (see api-types.ts and the *-api.ts
// files), so each must parse the JSON as it arrives: dates as text, not Date.

let db: Db
let fixture: WalkFixture

beforeAll(async () => {
  db = await pgliteTestDb()
  fixture = await seedWalkFixture(db)
})
afterAll(async () => {
  await db.close()
})

const ws = '/api/v1/workspaces/{workspaceId}'
const readsOfTheDashboard: [string, z.ZodType][] = [
  ['/api/v1/me', meSchema],
  [`${ws}/customers`, customerPageSchema],
  [`${ws}/customers/{customerId}`, customerSchema],
  [`${ws}/customers/{customerId}/timeline`, timelineSchema],
  [`${ws}/segments`, segmentSummarySchema],
  [`${ws}/segments/customers`, segmentCustomerPageSchema],
  [`${ws}/segments/cohorts`, cohortsSchema],
  [`${ws}/segments/history`, segmentHistorySchema],
  ['/api/v1/survey-templates', surveyTemplatesSchema],
  [`${ws}/surveys`, surveyListSchema],
  [`${ws}/surveys/{surveyId}`, surveySchema],
  [`${ws}/responses`, responsePageSchema],
  [`${ws}/survey-delivery/settings`, deliverySettingsSchema],
  [`${ws}/survey-delivery/widget`, widgetSetupSchema],
  [`${ws}/survey-programs`, programListSchema],
  [`${ws}/survey-programs/{programId}`, programWithFunnelSchema],
  [`${ws}/customers/{customerId}/survey-invitations`, customerInvitationsSchema],
  [`${ws}/forecasts/current`, currentFitSchema],
  [`${ws}/forecasts/validation`, fitValidationSchema],
  [`${ws}/forecasts/customers/{customerId}`, customerForecastSchema],
  [`${ws}/forecasts/at-risk`, atRiskPageSchema],
  [`${ws}/loyalty/health`, programHealthSchema],
  [`${ws}/loyalty/members`, memberListSchema],
  [`${ws}/loyalty/members/{customerId}`, memberDetailSchema],
  [`${ws}/loyalty/members/{customerId}/entries`, entriesPage],
  [`${ws}/loyalty/acts/waiting`, z.object({ items: z.array(actSchema) })],
  [`${ws}/loyalty/settings`, settingsSchema],
  [`${ws}/loyalty/tiers`, tierRulesSchema],
  [`${ws}/loyalty/act-rules`, actRulesSchema],
  [`${ws}/loyalty/engagement/{customerId}`, engagementSchema],
  [`${ws}/journeys`, journeyListSchema],
  [`${ws}/journeys/{journeyId}`, journeySchema],
  [`${ws}/journeys/{journeyId}/experience`, experienceSchema],
  [`${ws}/journeys/{journeyId}/paths`, pathsSchema],
  [`${ws}/journeys/{journeyId}/document`, journeyDocument],
]

test.each(readsOfTheDashboard)(
  'the JSON of GET %s parses with its zod response schema',
  async (path, schema) => {
    const op = servedOperations(fixture.document).find((o) => o.method === 'get' && o.path === path)
    expect(op, `GET ${path} is in the document`).toBeDefined()
    if (!op) return
    const response = await fixture.victim.owner.request('GET', minimalUrl(op, fixture.victim.pathValues))
    expect(response.status).toBe(200)
    const result = schema.safeParse(await response.json())
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      [],
    )
  },
)
