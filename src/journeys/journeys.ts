import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { rebuildPaths } from './path-builds.js'
import { keepPromiseKinds } from './promise-pairs.js'
import type {
  BusinessHours,
  Journey,
  JourneyDocument,
  JourneyPromise,
  Owner,
  PromiseInput,
  Stage,
  Touchpoint,
  TouchpointInput,
  TouchpointPatch,
} from './schemas.js'

// The journey model: journeys, ordered stages, touchpoints with promises. Positions are kept dense (0, 1, 2 …):
// every write that moves something renumbers its siblings.

interface TouchpointRow {
  id: string
  key: string
  name: string
  journeyId: string | null
  stageId: string | null
  position: number
  channel: string | null
  ownerUnitId: string | null
  ownerUserId: string | null
  ownerName: string | null
  eventTypes: string[]
  intendedEmotion: number | null
  intendedThought: string | null
}

const touchpointColumns = sql`t.id, t.key, t.name, st.journey_id as "journeyId", t.stage_id as "stageId", t.position,
  t.channel, t.owner_unit_id as "ownerUnitId", t.owner_user_id as "ownerUserId",
  coalesce(ou.name, uu.name) as "ownerName", t.event_types as "eventTypes",
  t.intended_emotion as "intendedEmotion", t.intended_thought as "intendedThought"`
const touchpointFrom = sql`touchpoints t left join journey_stages st on st.id = t.stage_id
  left join org_units ou on ou.id = t.owner_unit_id left join users uu on uu.id = t.owner_user_id`

/** Touchpoints of the workspace with their promises and surveys; `where` narrows them (alias t, st). */
async function loadTouchpoints(db: Db, workspaceId: string, where = sql`true`): Promise<Touchpoint[]> {
  const rows = await db.query<TouchpointRow>(sql`select ${touchpointColumns} from ${touchpointFrom}
    where t.workspace_id = ${workspaceId} and ${where} order by t.position, t.created_at, t.id`)
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const promises = await db.query<JourneyPromise & { touchpointId: string }>(sql`
    select id, touchpoint_id as "touchpointId", name, start_event as "startEvent", end_event as "endEvent",
      limit_minutes as "limitMinutes", business_hours as "businessHours"
    from journey_promises where workspace_id = ${workspaceId} and touchpoint_id = any(${ids}::uuid[])
    order by position, id`)
  const surveys = await db.query<{ id: string; name: string; status: string; touchpointId: string }>(sql`
    select id, name, status, touchpoint_id as "touchpointId" from surveys
    where workspace_id = ${workspaceId} and touchpoint_id = any(${ids}::uuid[]) order by created_at, id`)
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.name,
    journeyId: r.journeyId,
    stageId: r.stageId,
    position: r.position,
    channel: r.channel,
    owner: r.ownerUnitId
      ? { kind: 'unit', id: r.ownerUnitId, name: r.ownerName }
      : r.ownerUserId
        ? { kind: 'user', id: r.ownerUserId, name: r.ownerName }
        : null,
    eventTypes: r.eventTypes,
    intendedEmotion: r.intendedEmotion,
    intendedThought: r.intendedThought,
    promises: promises
      .filter((p) => p.touchpointId === r.id)
      .map(({ touchpointId: _, ...p }) => ({ ...p, businessHours: p.businessHours as BusinessHours | null })),
    surveys: surveys.filter((s) => s.touchpointId === r.id).map(({ touchpointId: _, ...s }) => s),
  }))
}

export interface JourneySummary {
  id: string
  name: string
  description: string | null
  stages: number
  touchpoints: number
  updatedAt: Date
}

/** The workspace's journeys, oldest first, with their number of stages and touchpoints. */
export async function listJourneys(db: Db, workspaceId: string): Promise<JourneySummary[]> {
  return db.query<JourneySummary>(sql`
    select j.id, j.name, j.description, j.updated_at as "updatedAt",
      (select count(*)::int from journey_stages s where s.journey_id = j.id) as stages,
      (select count(*)::int from touchpoints t join journey_stages s on s.id = t.stage_id where s.journey_id = j.id)
        as touchpoints
    from journeys j where j.workspace_id = ${workspaceId} order by j.created_at, j.id`)
}

/** A journey with its stages in order, each with its touchpoints in order; undefined when not in the workspace. */
export async function getJourney(
  db: Db,
  workspaceId: string,
  journeyId: string,
): Promise<Journey | undefined> {
  if (!isUuid(journeyId)) return undefined
  const [journey] = await db.query<{
    id: string
    name: string
    description: string | null
    createdAt: Date
    updatedAt: Date
  }>(sql`select id, name, description, created_at as "createdAt", updated_at as "updatedAt"
    from journeys where workspace_id = ${workspaceId} and id = ${journeyId}`)
  if (!journey) return undefined
  const stages = await db.query<Omit<Stage, 'touchpoints'>>(sql`select id, name, position from journey_stages
    where workspace_id = ${workspaceId} and journey_id = ${journeyId} order by position, id`)
  const touchpoints = await loadTouchpoints(db, workspaceId, sql`st.journey_id = ${journeyId}`)
  return {
    ...journey,
    createdAt: new Date(journey.createdAt).toISOString(),
    updatedAt: new Date(journey.updatedAt).toISOString(),
    stages: stages.map((s) => ({ ...s, touchpoints: touchpoints.filter((t) => t.stageId === s.id) })),
  }
}

/** Every touchpoint of the workspace, placed on a journey or not. */
export function listTouchpoints(db: Db, workspaceId: string): Promise<Touchpoint[]> {
  return loadTouchpoints(db, workspaceId)
}

export async function getTouchpoint(
  db: Db,
  workspaceId: string,
  touchpointId: string,
): Promise<Touchpoint | undefined> {
  if (!isUuid(touchpointId)) return undefined
  const [touchpoint] = await loadTouchpoints(db, workspaceId, sql`t.id = ${touchpointId}`)
  return touchpoint
}

/** Creates a journey from a document (JSON import, or a new empty journey); returns its id. */
export async function createJourney(tx: Db, workspaceId: string, doc: JourneyDocument): Promise<string> {
  const [row] = await tx.query<{ id: string }>(sql`insert into journeys (workspace_id, name, description)
    values (${workspaceId}, ${doc.name}, ${doc.description}) returning id`)
  if (!row) throw new Error('journey not created')
  await saveStructure(tx, workspaceId, row.id, doc, false)
  return row.id
}

/**
 * Replaces a journey's name, stages and placed touchpoints with the document's: stages given with an id of this
 * journey are kept (renamed, moved), others are new; touchpoints are matched by key. Stages left out are deleted
 * and touchpoints left out become unplaced (their surveys keep them).
 */
export async function saveJourney(
  tx: Db,
  workspaceId: string,
  journeyId: string,
  doc: JourneyDocument,
): Promise<boolean> {
  if (!isUuid(journeyId)) return false
  const rows = await tx.query(sql`update journeys set name = ${doc.name}, description = ${doc.description},
    updated_at = now() where workspace_id = ${workspaceId} and id = ${journeyId} returning id`)
  if (rows.length === 0) return false
  await saveStructure(tx, workspaceId, journeyId, doc, true)
  return true
}

async function saveStructure(
  tx: Db,
  workspaceId: string,
  journeyId: string,
  doc: JourneyDocument,
  keepIds: boolean,
): Promise<void> {
  // Touchpoints moved here from another journey leave a gap in its map: its paths are rebuilt too.
  const others = await tx.query<{ journeyId: string }>(sql`select distinct s.journey_id as "journeyId"
    from touchpoints t join journey_stages s on s.id = t.stage_id
    where t.workspace_id = ${workspaceId} and s.journey_id <> ${journeyId}
      and t.key = any(${doc.stages.flatMap((st) => st.touchpoints.flatMap((t) => (t.key ? [t.key] : [])))}::text[])`)
  const existing = new Set(
    (
      await tx.query<{ id: string }>(
        sql`select id from journey_stages where workspace_id = ${workspaceId} and journey_id = ${journeyId}`,
      )
    ).map((r) => r.id),
  )
  const kept: string[] = []
  const placed: string[] = []
  for (const [position, stage] of doc.stages.entries()) {
    let stageId: string
    if (keepIds && stage.id && existing.has(stage.id)) {
      stageId = stage.id
      await tx.query(
        sql`update journey_stages set name = ${stage.name}, position = ${position} where id = ${stageId}`,
      )
    } else {
      const [row] = await tx.query<{
        id: string
      }>(sql`insert into journey_stages (workspace_id, journey_id, name, position)
        values (${workspaceId}, ${journeyId}, ${stage.name}, ${position}) returning id`)
      if (!row) throw new Error('stage not created')
      stageId = row.id
    }
    kept.push(stageId)
    for (const [tpPosition, touchpoint] of stage.touchpoints.entries()) {
      const field = `stages.${position}.touchpoints.${tpPosition}`
      const key = touchpoint.key ?? (await freeKey(tx, workspaceId, touchpoint.name, placed))
      await checkOwner(tx, workspaceId, touchpoint.owner, `${field}.owner`)
      const [row] = await tx.query<{ id: string }>(sql`
        insert into touchpoints (workspace_id, key, name, stage_id, position, channel, owner_unit_id, owner_user_id,
          event_types, intended_emotion, intended_thought)
        values (${workspaceId}, ${key}, ${touchpoint.name}, ${stageId}, ${tpPosition}, ${touchpoint.channel},
          ${ownerUnit(touchpoint.owner)}, ${ownerUser(touchpoint.owner)}, ${touchpoint.eventTypes}::text[],
          ${touchpoint.intendedEmotion}, ${touchpoint.intendedThought})
        on conflict (workspace_id, key) do update set name = excluded.name, stage_id = excluded.stage_id,
          position = excluded.position, channel = excluded.channel, owner_unit_id = excluded.owner_unit_id,
          owner_user_id = excluded.owner_user_id, event_types = excluded.event_types,
          intended_emotion = excluded.intended_emotion, intended_thought = excluded.intended_thought,
          updated_at = now()
        returning id`)
      if (!row) throw new Error('touchpoint not saved')
      placed.push(key)
      await replacePromises(tx, workspaceId, row.id, touchpoint.promises)
    }
  }
  // Touchpoints this journey no longer places become unplaced, then the stages left out go.
  await tx.query(sql`update touchpoints set stage_id = null, position = 0, updated_at = now()
    where workspace_id = ${workspaceId} and not (key = any(${placed}::text[]))
      and stage_id in (select id from journey_stages where journey_id = ${journeyId})`)
  await tx.query(sql`delete from journey_stages where workspace_id = ${workspaceId} and journey_id = ${journeyId}
    and not (id = any(${kept}::uuid[]))`)
  for (const other of others) await syncJourneyPaths(tx, workspaceId, other.journeyId)
  await syncJourneyPaths(tx, workspaceId, journeyId)
}

/**
 * Brings a journey's precomputed paths in line with its map: when the event type → touchpoint mapping (touchpoints
 * in map order, each type read as the first touchpoint naming it) differs from the one they were built with, the
 * mapping is rewritten and the paths rebuilt from the events.
 */
export async function syncJourneyPaths(tx: Db, workspaceId: string, journeyId: string | null): Promise<void> {
  if (!journeyId) return
  const mapping = await tx.query<{ type: string; ord: number; stage: number }>(sql`
    with stages as (
      select id, row_number() over (order by position, id)::int as stage from journey_stages
      where workspace_id = ${workspaceId} and journey_id = ${journeyId}),
    placed as (
      select t.event_types, s.stage,
        row_number() over (order by s.stage, t.position, t.created_at, t.id)::int as ord
      from touchpoints t join stages s on s.id = t.stage_id)
    select distinct on (type) type, ord, stage from placed, unnest(event_types) as type order by type, ord`)
  const built = await tx.query<{ type: string; ord: number; stage: number }>(sql`select type, ord, stage
    from journey_path_types where journey_id = ${journeyId} order by type`)
  if (JSON.stringify(built) === JSON.stringify(mapping)) return
  await tx.query(sql`delete from journey_path_types where journey_id = ${journeyId}`)
  if (mapping.length > 0)
    await tx.query(sql`insert into journey_path_types (journey_id, workspace_id, type, ord, stage)
      select ${journeyId}, ${workspaceId}, type, ord, stage
      from unnest(${mapping.map((m) => m.type)}::text[], ${mapping.map((m) => m.ord)}::int[],
        ${mapping.map((m) => m.stage)}::int[]) as m(type, ord, stage)`)
  await rebuildPaths(tx, workspaceId, journeyId)
}

/** The journey a stage belongs to, or null. */
async function journeyOfStage(tx: Db, stageId: string | null): Promise<string | null> {
  if (!stageId) return null
  const [row] = await tx.query<{ journeyId: string }>(
    sql`select journey_id as "journeyId" from journey_stages where id = ${stageId}`,
  )
  return row?.journeyId ?? null
}

/** A key made from the name (lower case, words joined by _), with a number added when taken. */
async function freeKey(tx: Db, workspaceId: string, name: string, alsoTaken: string[]): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 90) || 'touchpoint'
  const taken = new Set(
    (
      await tx.query<{ key: string }>(sql`select key from touchpoints where workspace_id = ${workspaceId}
        and (key = ${base} or key like ${`${base}\\_%`})`)
    ).map((r) => r.key),
  )
  for (const key of alsoTaken) taken.add(key)
  if (!taken.has(base)) return base
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`
}

const ownerUnit = (owner: Owner | null) => (owner?.kind === 'unit' ? owner.id : null)
const ownerUser = (owner: Owner | null) => (owner?.kind === 'user' ? owner.id : null)

async function checkOwner(tx: Db, workspaceId: string, owner: Owner | null, field: string): Promise<void> {
  if (!owner) return
  const found =
    isUuid(owner.id) &&
    (
      await tx.query(
        owner.kind === 'unit'
          ? sql`select 1 from org_units where workspace_id = ${workspaceId} and id = ${owner.id}`
          : sql`select 1 from memberships where workspace_id = ${workspaceId} and user_id = ${owner.id}`,
      )
    ).length > 0
  if (!found)
    throw new DomainError(
      'invalid',
      owner.kind === 'unit' ? 'no such org unit in the workspace' : 'no such member of the workspace',
      `${field}.id`,
    )
}

async function replacePromises(tx: Db, workspaceId: string, touchpointId: string, promises: PromiseInput[]) {
  await tx.query(sql`delete from journey_promises where touchpoint_id = ${touchpointId}`)
  for (const [position, p] of promises.entries())
    await tx.query(sql`insert into journey_promises (workspace_id, touchpoint_id, name, start_event, end_event,
        limit_minutes, business_hours, position)
      values (${workspaceId}, ${touchpointId}, ${p.name}, ${p.startEvent}, ${p.endEvent}, ${p.limitMinutes},
        ${p.businessHours ? JSON.stringify(p.businessHours) : null}::jsonb, ${position})`)
  await keepPromiseKinds(tx, workspaceId)
}

export async function renameJourney(
  tx: Db,
  workspaceId: string,
  journeyId: string,
  change: { name?: string | undefined; description?: string | null | undefined },
): Promise<boolean> {
  if (!isUuid(journeyId)) return false
  const rows = await tx.query(sql`update journeys set name = coalesce(${change.name ?? null}, name),
    description = ${change.description === undefined ? sql`description` : sql`${change.description}`},
    updated_at = now() where workspace_id = ${workspaceId} and id = ${journeyId} returning id`)
  return rows.length > 0
}

/** Deletes a journey; its touchpoints stay, unplaced. */
export async function deleteJourney(tx: Db, workspaceId: string, journeyId: string): Promise<boolean> {
  if (!isUuid(journeyId)) return false
  await tx.query(sql`update touchpoints set stage_id = null, position = 0 where workspace_id = ${workspaceId}
    and stage_id in (select id from journey_stages where journey_id = ${journeyId})`)
  const rows = await tx.query(
    sql`delete from journeys where workspace_id = ${workspaceId} and id = ${journeyId} returning id`,
  )
  return rows.length > 0
}

/** Puts the ids in this order at positions 0, 1, 2 … (the one moved goes to `position`, clamped). */
function reorder(ids: string[], moved: string, position: number | undefined): string[] {
  const others = ids.filter((id) => id !== moved)
  const at = Math.min(position ?? others.length, others.length)
  return [...others.slice(0, at), moved, ...others.slice(at)]
}

async function renumberStages(tx: Db, journeyId: string, moved: string, position: number | undefined) {
  const ids = (
    await tx.query<{ id: string }>(
      sql`select id from journey_stages where journey_id = ${journeyId} order by position, id`,
    )
  ).map((r) => r.id)
  for (const [i, id] of reorder(ids, moved, position).entries())
    await tx.query(sql`update journey_stages set position = ${i} where id = ${id} and position <> ${i}`)
}

async function renumberTouchpoints(
  tx: Db,
  stageId: string | null,
  moved: string,
  position: number | undefined,
) {
  if (!stageId) return
  const ids = (
    await tx.query<{ id: string }>(
      sql`select id from touchpoints where stage_id = ${stageId} order by position, created_at, id`,
    )
  ).map((r) => r.id)
  for (const [i, id] of reorder(ids, moved, position).entries())
    await tx.query(sql`update touchpoints set position = ${i} where id = ${id} and position <> ${i}`)
}

async function touchJourney(tx: Db, journeyId: string): Promise<void> {
  await tx.query(sql`update journeys set updated_at = now() where id = ${journeyId}`)
}

/** Adds a stage at `position` (absent: last); returns its id, or undefined when the journey is not there. */
export async function addStage(
  tx: Db,
  workspaceId: string,
  journeyId: string,
  input: { name: string; position?: number | undefined },
): Promise<string | undefined> {
  if (!isUuid(journeyId)) return undefined
  const [row] = await tx.query<{
    id: string
  }>(sql`insert into journey_stages (workspace_id, journey_id, name, position)
    select ${workspaceId}, id, ${input.name}, 1000000 from journeys where workspace_id = ${workspaceId} and id = ${journeyId}
    returning id`)
  if (!row) return undefined
  await renumberStages(tx, journeyId, row.id, input.position)
  await touchJourney(tx, journeyId)
  await syncJourneyPaths(tx, workspaceId, journeyId)
  return row.id
}

/** Renames or moves a stage; false when it is not a stage of this journey. */
export async function changeStage(
  tx: Db,
  workspaceId: string,
  journeyId: string,
  stageId: string,
  change: { name?: string | undefined; position?: number | undefined },
): Promise<boolean> {
  if (!isUuid(journeyId) || !isUuid(stageId)) return false
  const rows = await tx.query(sql`update journey_stages set name = coalesce(${change.name ?? null}, name)
    where workspace_id = ${workspaceId} and journey_id = ${journeyId} and id = ${stageId} returning id`)
  if (rows.length === 0) return false
  if (change.position !== undefined) await renumberStages(tx, journeyId, stageId, change.position)
  await touchJourney(tx, journeyId)
  await syncJourneyPaths(tx, workspaceId, journeyId)
  return true
}

/** Deletes a stage; its touchpoints stay, unplaced. */
export async function deleteStage(tx: Db, workspaceId: string, journeyId: string, stageId: string) {
  if (!isUuid(journeyId) || !isUuid(stageId)) return false
  await tx.query(sql`update touchpoints set stage_id = null, position = 0
    where workspace_id = ${workspaceId} and stage_id = ${stageId}`)
  const rows = await tx.query(sql`delete from journey_stages
    where workspace_id = ${workspaceId} and journey_id = ${journeyId} and id = ${stageId} returning id`)
  if (rows.length === 0) return false
  const [first] = await tx.query<{ id: string }>(
    sql`select id from journey_stages where journey_id = ${journeyId} order by position limit 1`,
  )
  if (first) await renumberStages(tx, journeyId, first.id, 0)
  await touchJourney(tx, journeyId)
  await syncJourneyPaths(tx, workspaceId, journeyId)
  return true
}

async function checkStage(tx: Db, workspaceId: string, stageId: string | null): Promise<string | null> {
  if (stageId === null) return null
  const [row] = isUuid(stageId)
    ? await tx.query<{ journeyId: string }>(sql`select journey_id as "journeyId" from journey_stages
        where workspace_id = ${workspaceId} and id = ${stageId}`)
    : []
  if (!row) throw new DomainError('invalid', 'no such stage in the workspace', 'stageId')
  return row.journeyId
}

/** Creates a touchpoint; a key already in the workspace is a conflict. Returns its id. */
export async function createTouchpoint(tx: Db, workspaceId: string, input: TouchpointInput): Promise<string> {
  const journeyId = await checkStage(tx, workspaceId, input.stageId)
  await checkOwner(tx, workspaceId, input.owner, 'owner')
  const key = input.key ?? (await freeKey(tx, workspaceId, input.name, []))
  const [row] = await tx.query<{ id: string }>(sql`
    insert into touchpoints (workspace_id, key, name, stage_id, position, channel, owner_unit_id, owner_user_id,
      event_types, intended_emotion, intended_thought)
    values (${workspaceId}, ${key}, ${input.name}, ${input.stageId}, 1000000, ${input.channel},
      ${ownerUnit(input.owner)}, ${ownerUser(input.owner)}, ${input.eventTypes}::text[], ${input.intendedEmotion},
      ${input.intendedThought})
    on conflict (workspace_id, key) do nothing returning id`)
  if (!row) throw new DomainError('conflict', 'a touchpoint with this key exists in the workspace', 'key')
  await replacePromises(tx, workspaceId, row.id, input.promises)
  await renumberTouchpoints(tx, input.stageId, row.id, input.position)
  if (journeyId) await touchJourney(tx, journeyId)
  await syncJourneyPaths(tx, workspaceId, journeyId)
  return row.id
}

/** Changes a touchpoint (move: stageId and position); false when it is not in the workspace. */
export async function changeTouchpoint(
  tx: Db,
  workspaceId: string,
  touchpointId: string,
  change: TouchpointPatch,
): Promise<boolean> {
  if (!isUuid(touchpointId)) return false
  const [current] = await tx.query<{
    stageId: string | null
  }>(sql`select stage_id as "stageId" from touchpoints
    where workspace_id = ${workspaceId} and id = ${touchpointId} for update`)
  if (!current) return false
  const stageId = change.stageId === undefined ? current.stageId : change.stageId
  const journeyId = await checkStage(tx, workspaceId, stageId)
  if (change.owner !== undefined) await checkOwner(tx, workspaceId, change.owner, 'owner')
  const set = (column: string, value: unknown, cast = '') =>
    value === undefined ? sql.raw(column) : sql`${value}${sql.raw(cast)}`
  await tx.query(sql`update touchpoints set
    name = ${set('name', change.name)}, channel = ${set('channel', change.channel)},
    owner_unit_id = ${change.owner === undefined ? sql`owner_unit_id` : sql`${ownerUnit(change.owner)}::uuid`},
    owner_user_id = ${change.owner === undefined ? sql`owner_user_id` : sql`${ownerUser(change.owner)}::uuid`},
    event_types = ${set('event_types', change.eventTypes, '::text[]')},
    intended_emotion = ${set('intended_emotion', change.intendedEmotion, '::smallint')},
    intended_thought = ${set('intended_thought', change.intendedThought)},
    stage_id = ${stageId}, updated_at = now()
    where id = ${touchpointId}`)
  if (change.promises) await replacePromises(tx, workspaceId, touchpointId, change.promises)
  if (stageId !== current.stageId || change.position !== undefined) {
    await renumberTouchpoints(tx, stageId, touchpointId, change.position)
    if (current.stageId && stageId !== current.stageId) {
      const [first] = await tx.query<{ id: string }>(
        sql`select id from touchpoints where stage_id = ${current.stageId} order by position limit 1`,
      )
      if (first) await renumberTouchpoints(tx, current.stageId, first.id, 0)
    }
  }
  if (journeyId) await touchJourney(tx, journeyId)
  const before = await journeyOfStage(tx, current.stageId)
  if (before !== journeyId) await syncJourneyPaths(tx, workspaceId, before)
  await syncJourneyPaths(tx, workspaceId, journeyId)
  return true
}

/** Deletes a touchpoint and its promises; surveys that named it keep their key and lose the link. */
export async function deleteTouchpoint(tx: Db, workspaceId: string, touchpointId: string): Promise<boolean> {
  if (!isUuid(touchpointId)) return false
  const rows = await tx.query<{ stageId: string | null }>(sql`delete from touchpoints
    where workspace_id = ${workspaceId} and id = ${touchpointId} returning stage_id as "stageId"`)
  const [row] = rows
  if (!row) return false
  await syncJourneyPaths(tx, workspaceId, await journeyOfStage(tx, row.stageId))
  return true
}
