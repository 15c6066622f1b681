import type { z } from 'zod'
import type { meSchema, orgUnitSchema, setupStateSchema } from '../../src/access/responses.js'
import type { setupSchema } from '../../src/access/routes.js'
import type {
  customerPageSchema,
  customerSchema,
  customerSummarySchema,
  timelineSchema,
} from '../../src/customers/responses.js'
import type { demoStatusSchema } from '../../src/demo/demo-status.js'

// The shapes the Rapport HTTP API takes and returns, as the dashboard reads them: the types of the server's own
// zod schemas (type-only imports, so nothing of the server is bundled), whose dates are ISO text as in the JSON.

export type SetupState = z.output<typeof setupStateSchema>
export type Me = z.output<typeof meSchema>
export type OrgUnit = z.output<typeof orgUnitSchema>
export type SetupInput = z.input<typeof setupSchema>
export type CustomerSummary = z.output<typeof customerSummarySchema>
export type Customer = z.output<typeof customerSchema>
export type CustomerPage = z.output<typeof customerPageSchema>
export type Timeline = z.output<typeof timelineSchema>
export type TimelineItem = Timeline['items'][number]
export type TimelineOrder = Extract<TimelineItem, { kind: 'order' }>
export type TimelineEvent = Extract<TimelineItem, { kind: 'event' }>
export type DemoStatus = z.output<typeof demoStatusSchema>
