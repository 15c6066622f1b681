import type { Db } from '../../db/db.js'

/** Whether a customer is in a segment now; provided by the segments capability. */
export type SegmentMembership = (
  db: Db,
  workspaceId: string,
  segmentId: string,
  customerId: string,
) => Promise<boolean>

let membership: SegmentMembership | undefined
let knownSegment: (segmentId: string) => boolean = () => true

/**
 * The extension point for audiences by segment: the segments capability registers its membership test
 * here (one call at start-up). Until it does, programs cannot be given a segment.
 */
export function registerSegmentMembership(
  check: SegmentMembership | undefined,
  isKnown: (segmentId: string) => boolean = () => true,
): void {
  membership = check
  knownSegment = isKnown
}

/** Whether the registered segments capability knows a segment by this id. */
export function isKnownSegment(segmentId: string): boolean {
  return knownSegment(segmentId)
}

export function segmentMembership(): SegmentMembership | undefined {
  return membership
}
