import type { Db } from '../../db/db.js'

/** Whether a customer is in a segment now; provided by the segments capability. */
export type SegmentMembership = (
  db: Db,
  workspaceId: string,
  segmentId: string,
  customerId: string,
) => Promise<boolean>

let membership: SegmentMembership | undefined

/**
 * The extension point for audiences by segment: the segments capability registers its membership test
 * here (one call at start-up). Until it does, programs cannot be given a segment.
 */
export function registerSegmentMembership(check: SegmentMembership | undefined): void {
  membership = check
}

export function segmentMembership(): SegmentMembership | undefined {
  return membership
}
