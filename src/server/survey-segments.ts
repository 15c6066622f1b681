import { isInSegment, isSegmentName } from '../segments/segment-membership.js'
import type { SegmentMembership } from '../surveys/programs/audience.js'

/** The segments capability's membership test, as survey programs choose their audience by it. */
export const surveySegments: SegmentMembership = { isMember: isInSegment, isKnown: isSegmentName }
