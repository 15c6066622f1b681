import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { insightWorkspace } from '../insights/insight-fixture.js'
import { createJourney, getJourney } from './journeys.js'
import type { Journey, JourneyDocument } from './schemas.js'

// Test support: a workspace with hand-made customers and events, and a journey made from a document.

export async function journeyWorkspace(db: Db): Promise<{ workspaceId: string }> {
  return insightWorkspace(db)
}

/** Creates the customers (by external id) and returns external id → id. */
export async function addCustomers(
  db: Db,
  workspaceId: string,
  externalIds: string[],
  orgUnitId: string | null = null,
): Promise<Record<string, string>> {
  const rows = await db.query<{ id: string; externalId: string }>(sql`
    insert into customers (workspace_id, external_id, org_unit_id)
    select ${workspaceId}, x, ${orgUnitId}::uuid from unnest(${externalIds}::text[]) as x
    returning id, external_id as "externalId"`)
  return Object.fromEntries(rows.map((r) => [r.externalId, r.id]))
}

let counter = 0

/** Writes events [customer id, type, ISO time] in one statement, as an ingest batch does. */
export async function addEvents(
  db: Db,
  workspaceId: string,
  events: [string, string, string][],
): Promise<void> {
  const keys = events.map(() => `fixture-${++counter}`)
  await db.query(sql`insert into events (workspace_id, customer_id, dedupe_key, type, occurred_at)
    select ${workspaceId}, customer_id, key, type, at
    from unnest(${events.map((e) => e[0])}::uuid[], ${keys}::text[], ${events.map((e) => e[1])}::text[],
      ${events.map((e) => e[2])}::timestamptz[]) as x(customer_id, key, type, at)`)
}

export async function makeJourney(db: Db, workspaceId: string, doc: JourneyDocument): Promise<Journey> {
  const id = await db.transaction((tx) => createJourney(tx, workspaceId, doc))
  const journey = await getJourney(db, workspaceId, id)
  if (!journey) throw new Error('journey not created')
  return journey
}

/** A touchpoint of a journey document with only what paths and promises need. */
export function touchpointOf(key: string, eventTypes: string[], more: Record<string, unknown> = {}) {
  return {
    key,
    name: key,
    channel: null,
    owner: null,
    eventTypes,
    intendedEmotion: null,
    intendedThought: null,
    promises: [],
    ...more,
  }
}
