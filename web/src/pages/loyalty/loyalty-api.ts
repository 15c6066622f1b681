import type { z } from 'zod'
import type { memberSchema as personSchema } from '../../../../src/access/responses.js'
import type { eventRulesSchema } from '../../../../src/loyalty/act-routes.js'
import type { NeverThanked, WaitingSort } from '../../../../src/loyalty/acts.js'
import type { memberListSchema, programHealthSchema } from '../../../../src/loyalty/dashboard-routes.js'
import type { engagementSchema } from '../../../../src/loyalty/engagement-routes.js'
import type { EntrySort } from '../../../../src/loyalty/ledger.js'
import type { MemberSort } from '../../../../src/loyalty/member-list.js'
import type { referralSettingsSchema } from '../../../../src/loyalty/referral-routes.js'
import type { refusalReasons } from '../../../../src/loyalty/referrals.js'
import type {
  actRulesSchema,
  actSchema,
  entriesPage,
  memberDetailSchema,
  settingsInput,
  settingsSchema,
  thankBody,
  tierRulesSchema,
} from '../../../../src/loyalty/schemas.js'
import { query, request } from '../../api.js'

// The loyalty API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type ProgramHealth = z.output<typeof programHealthSchema>
export type MemberList = z.output<typeof memberListSchema>
export type MemberRow = MemberList['items'][number]
export type { EntrySort, MemberSort, WaitingSort }
/** A column the server sorts a paged table by, and which way. */
export interface Order<K extends string> {
  sort: K
  dir: 'asc' | 'desc'
}
export type MemberDetail = z.output<typeof memberDetailSchema>
export type EntriesPage = z.output<typeof entriesPage>
export type Entry = EntriesPage['entries'][number]
export type Act = z.output<typeof actSchema>
export type ActKind = Act['kind']
export type ActRules = z.output<typeof actRulesSchema>
export type TierRules = z.output<typeof tierRulesSchema>
export type Tier = TierRules['tiers'][number]
export type Settings = z.output<typeof settingsSchema>
export type Engagement = z.output<typeof engagementSchema>
export type EventRules = z.output<typeof eventRulesSchema>
export type ReferralSettings = z.output<typeof referralSettingsSchema>
export type RefusalReason = (typeof refusalReasons)[number]
export type { NeverThanked }

export const actKinds: ActKind[] = [
  'referral',
  'review',
  'recommendation',
  'community_help',
  'feedback',
  'anniversary',
  'habit_streak',
]

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/loyalty`
const member = (workspaceId: string, customerId: string) =>
  `${ws(workspaceId)}/members/${encodeURIComponent(customerId)}`

/** How many waiting acts one page of the queue holds: a shorter page is the last. */
export const WAITING_PAGE = 50

export const loyaltyApi = {
  health: (workspaceId: string, days: number) =>
    request<ProgramHealth>('GET', `${ws(workspaceId)}/health${query({ days })}`),
  members: (
    workspaceId: string,
    p: { tier?: string; limit: number; offset: number; sort?: MemberSort; dir?: 'asc' | 'desc' },
  ) => request<MemberList>('GET', `${ws(workspaceId)}/members${query({ ...p })}`),
  member: (workspaceId: string, customerId: string) =>
    request<MemberDetail>('GET', member(workspaceId, customerId)),
  entries: (workspaceId: string, customerId: string, before?: string, order?: Order<EntrySort>) =>
    request<EntriesPage>(
      'GET',
      `${member(workspaceId, customerId)}/entries${query({ limit: 50, before, ...order })}`,
    ),
  waiting: (workspaceId: string, offset: number, customerId?: string, order?: Order<WaitingSort>) =>
    request<{ items: Act[] }>(
      'GET',
      `${ws(workspaceId)}/acts/waiting${query({ limit: WAITING_PAGE, offset, customerId, ...order })}`,
    ),
  neverThanked: (workspaceId: string) =>
    request<{ items: NeverThanked[] }>('GET', `${ws(workspaceId)}/never-thanked${query({ limit: 20 })}`),
  thank: (workspaceId: string, actId: string, body: z.input<typeof thankBody>) =>
    request<Act>('POST', `${ws(workspaceId)}/acts/${encodeURIComponent(actId)}/thanks`, body),
  settings: (workspaceId: string) => request<Settings>('GET', `${ws(workspaceId)}/settings`),
  saveSettings: (workspaceId: string, body: z.input<typeof settingsInput>) =>
    request<Settings>('PUT', `${ws(workspaceId)}/settings`, body),
  tiers: (workspaceId: string) => request<TierRules>('GET', `${ws(workspaceId)}/tiers`),
  saveTiers: (workspaceId: string, body: z.input<typeof tierRulesSchema>) =>
    request<TierRules>('PUT', `${ws(workspaceId)}/tiers`, body),
  eventRules: (workspaceId: string) => request<EventRules>('GET', `${ws(workspaceId)}/event-rules`),
  saveEventRules: (workspaceId: string, body: EventRules) =>
    request<EventRules>('PUT', `${ws(workspaceId)}/event-rules`, body),
  referralSettings: (workspaceId: string) =>
    request<ReferralSettings>('GET', `${ws(workspaceId)}/referral-settings`),
  saveReferralSettings: (workspaceId: string, body: ReferralSettings) =>
    request<ReferralSettings>('PUT', `${ws(workspaceId)}/referral-settings`, body),
  actRules: (workspaceId: string) => request<ActRules>('GET', `${ws(workspaceId)}/act-rules`),
  saveActRules: (workspaceId: string, body: ActRules) =>
    request<ActRules>('PUT', `${ws(workspaceId)}/act-rules`, body),
  /** The workspace's people, to name who made a ledger entry. */
  people: (workspaceId: string) =>
    request<{ items: z.output<typeof personSchema>[] }>(
      'GET',
      `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/members`,
    ),
  engagement: (workspaceId: string, customerId: string) =>
    request<Engagement>('GET', `${ws(workspaceId)}/engagement/${encodeURIComponent(customerId)}`),
}

/** The members table as a CSV download. */
export const membersCsvUrl = (
  workspaceId: string,
  tier?: string,
  order: { sort?: MemberSort; dir?: 'asc' | 'desc' } = {},
) => `${ws(workspaceId)}/members.csv${query({ tier, ...order })}`

/** A member's ledger page in the dashboard. */
export const ledgerPath = (workspaceId: string, customerId: string) =>
  `/w/${encodeURIComponent(workspaceId)}/loyalty/members/${encodeURIComponent(customerId)}`
