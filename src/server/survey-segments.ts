import { getEngagement } from '../loyalty/engagement.js'
import { isInSegment, isSegmentName } from '../segments/segment-membership.js'
import type { SegmentMembership } from '../surveys/programs/audience.js'

/** The segments capability's membership test and loyalty's engagement score, as survey programs choose their audience. */
export const surveySegments: SegmentMembership = {
  isMember: isInSegment,
  isKnown: isSegmentName,
  engagementScore: async (db, workspaceId, customerId, now) =>
    (await getEngagement(db, { workspaceId, unitPath: null }, customerId, now))?.score,
}
