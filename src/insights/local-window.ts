import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'

// Windows of local dates in the workspace's time zone (the survey delivery settings' zone, UTC by default).

/** The workspace's time zone name, as a scalar subquery. */
export function workspaceZone(workspaceId: string): Sql {
  return sql`coalesce((select timezone from survey_delivery_settings where workspace_id = ${workspaceId}), 'UTC')`
}

/** The instant a local date (YYYY-MM-DD) begins in the workspace's zone. */
export function localDayStart(workspaceId: string, date: string): Sql {
  return sql`(${date}::date::timestamp at time zone ${workspaceZone(workspaceId)})`
}

/** A condition: the time column falls on a local date from `from` to `to`, both included (either may be open). */
export function inLocalWindow(workspaceId: string, column: Sql, from: string | null, to: string | null): Sql {
  const parts = [
    from ? sql`${column} >= ${localDayStart(workspaceId, from)}` : null,
    to ? sql`${column} < ((${to}::date + 1)::timestamp at time zone ${workspaceZone(workspaceId)})` : null,
  ].filter((part): part is Sql => part !== null)
  return parts.length === 0 ? sql`true` : sql.join(parts, ' and ')
}

/** The local date `days` days before `date` (YYYY-MM-DD), counted in calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/** The number of local days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

/** Answered time of a response (alias r): completion, or its last save while partial. */
export const answeredAt = sql`coalesce(r.completed_at, r.updated_at)`

/**
 * The instants a window of local dates starts and ends (exclusive) in the workspace's zone: what the responses
 * list needs as from and to, since it filters instants (started_at), not local days.
 */
export async function windowBounds(
  db: Db,
  workspaceId: string,
  window: { from: string; to: string },
): Promise<{ startsAt: string; endsBefore: string }> {
  const [row] = await db.query<{ startsAt: Date; endsBefore: Date }>(sql`select
    ${localDayStart(workspaceId, window.from)} as "startsAt", ${localDayStart(workspaceId, addDays(window.to, 1))} as "endsBefore"`)
  if (!row) throw new Error('no window bounds')
  return {
    startsAt: new Date(row.startsAt).toISOString(),
    endsBefore: new Date(row.endsBefore).toISOString(),
  }
}
