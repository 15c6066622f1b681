import type { z } from 'zod'
import type {
  campaignDetailSchema,
  campaignListSchema,
  newCampaignBody,
  notifiedSchema,
  outreachListsSchema,
} from '../../../../src/cases/loop-schemas.js'
import { request } from '../../api.js'

// The outreach API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type CampaignList = z.output<typeof campaignListSchema>
export type CampaignSummary = CampaignList['items'][number]
export type CampaignDetail = z.output<typeof campaignDetailSchema>
export type Recipient = CampaignDetail['items'][number]
export type OutreachLists = z.output<typeof outreachListsSchema>
export type OutreachListName = OutreachLists['items'][number]['list']
export type NewCampaign = z.input<typeof newCampaignBody>
export type Notified = z.output<typeof notifiedSchema>

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`
const campaign = (workspaceId: string, campaignId: string) =>
  `${ws(workspaceId)}/outreach-campaigns/${encodeURIComponent(campaignId)}`

export const outreachApi = {
  lists: (workspaceId: string) => request<OutreachLists>('GET', `${ws(workspaceId)}/outreach-lists`),
  campaigns: (workspaceId: string) => request<CampaignList>('GET', `${ws(workspaceId)}/outreach-campaigns`),
  get: (workspaceId: string, campaignId: string) =>
    request<CampaignDetail>('GET', campaign(workspaceId, campaignId)),
  create: (workspaceId: string, body: NewCampaign) =>
    request<CampaignDetail>('POST', `${ws(workspaceId)}/outreach-campaigns`, body),
  change: (
    workspaceId: string,
    campaignId: string,
    customerId: string,
    body: { message?: string; selected?: boolean },
  ) =>
    request<CampaignDetail>(
      'PATCH',
      `${campaign(workspaceId, campaignId)}/recipients/${encodeURIComponent(customerId)}`,
      body,
    ),
  send: (workspaceId: string, campaignId: string) =>
    request<Notified>('POST', `${campaign(workspaceId, campaignId)}/send`),
  csvUrl: (workspaceId: string, campaignId: string) => `${campaign(workspaceId, campaignId)}/recipients.csv`,
}
