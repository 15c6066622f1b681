import type {
  DocumentTouchpoint,
  Journey,
  JourneyDocument,
  JourneyPromise,
  Touchpoint,
} from './journeys-api.js'

// The editor's working copy of a journey: plain data changed by pure functions, saved whole (PUT) when asked.

export interface DraftPromise {
  name: string
  startEvent: string
  endEvent: string
  limitMinutes: number
  businessHours: { days: number[]; start: string; end: string } | null
}

export interface DraftTouchpoint {
  /** The editor's own id, stable while editing (a new touchpoint has no key until it is saved). */
  uid: string
  /** The saved touchpoint's key; undefined for a new one (the server makes it from the name). */
  key: string | undefined
  name: string
  channel: string
  owner: { kind: 'unit' | 'user'; id: string } | null
  eventTypes: string[]
  intendedEmotion: number | null
  intendedThought: string
  promises: DraftPromise[]
  surveys: Touchpoint['surveys']
}

export interface DraftStage {
  uid: string
  /** The saved stage's id; undefined for a new one. */
  id: string | undefined
  name: string
  touchpoints: DraftTouchpoint[]
}

export interface Draft {
  name: string
  description: string
  stages: DraftStage[]
}

let counter = 0
/** A fresh editor id. */
export const newUid = (prefix: string) => `${prefix}-${++counter}`

const promiseDraft = (p: JourneyPromise): DraftPromise => ({
  name: p.name,
  startEvent: p.startEvent,
  endEvent: p.endEvent,
  limitMinutes: p.limitMinutes,
  businessHours: p.businessHours ? { ...p.businessHours, days: [...p.businessHours.days] } : null,
})

/** The working copy of a saved journey. */
export function draftOf(journey: Journey): Draft {
  return {
    name: journey.name,
    description: journey.description ?? '',
    stages: journey.stages.map((s) => ({
      uid: newUid('stage'),
      id: s.id,
      name: s.name,
      touchpoints: s.touchpoints.map((tp) => ({
        uid: newUid('tp'),
        key: tp.key,
        name: tp.name,
        channel: tp.channel ?? '',
        owner: tp.owner ? { kind: tp.owner.kind, id: tp.owner.id } : null,
        eventTypes: [...tp.eventTypes],
        intendedEmotion: tp.intendedEmotion,
        intendedThought: tp.intendedThought ?? '',
        promises: tp.promises.map(promiseDraft),
        surveys: tp.surveys,
      })),
    })),
  }
}

/** The document the whole-journey save sends: every field given, empty texts as null. */
export function documentOf(draft: Draft): JourneyDocument {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim())
  return {
    name: draft.name.trim(),
    description: orNull(draft.description),
    stages: draft.stages.map((s) => ({
      ...(s.id ? { id: s.id } : {}),
      name: s.name.trim(),
      touchpoints: s.touchpoints.map(
        (tp): DocumentTouchpoint => ({
          ...(tp.key ? { key: tp.key } : {}),
          name: tp.name.trim(),
          channel: orNull(tp.channel),
          owner: tp.owner,
          eventTypes: tp.eventTypes,
          intendedEmotion: tp.intendedEmotion,
          intendedThought: orNull(tp.intendedThought),
          promises: tp.promises.map((p) => ({ ...p, name: p.name.trim() })),
        }),
      ),
    })),
  }
}

/** Moves the item at `from` to `to` (both within the list); the list is copied. */
function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list]
  const [item] = copy.splice(from, 1)
  if (item === undefined || to < 0 || to > copy.length) return [...list]
  copy.splice(to, 0, item)
  return copy
}

export function addStage(draft: Draft, name: string): Draft {
  return {
    ...draft,
    stages: [...draft.stages, { uid: newUid('stage'), id: undefined, name, touchpoints: [] }],
  }
}

export function changeStage(draft: Draft, uid: string, change: Partial<Pick<DraftStage, 'name'>>): Draft {
  return { ...draft, stages: draft.stages.map((s) => (s.uid === uid ? { ...s, ...change } : s)) }
}

/** Moves a stage by `by` places (−1 earlier, +1 later); nothing happens at either end. */
export function moveStage(draft: Draft, uid: string, by: number): Draft {
  const from = draft.stages.findIndex((s) => s.uid === uid)
  const to = from + by
  if (from < 0 || to < 0 || to >= draft.stages.length) return draft
  return { ...draft, stages: moved(draft.stages, from, to) }
}

/** Removes a stage; on save its touchpoints stay in the workspace, on no journey. */
export function removeStage(draft: Draft, uid: string): Draft {
  return { ...draft, stages: draft.stages.filter((s) => s.uid !== uid) }
}

export function newTouchpoint(name: string): DraftTouchpoint {
  return {
    uid: newUid('tp'),
    key: undefined,
    name,
    channel: '',
    owner: null,
    eventTypes: [],
    intendedEmotion: null,
    intendedThought: '',
    promises: [],
    surveys: [],
  }
}

export function addTouchpoint(draft: Draft, stageUid: string, touchpoint: DraftTouchpoint): Draft {
  return {
    ...draft,
    stages: draft.stages.map((s) =>
      s.uid === stageUid ? { ...s, touchpoints: [...s.touchpoints, touchpoint] } : s,
    ),
  }
}

export function changeTouchpoint(draft: Draft, uid: string, change: Partial<DraftTouchpoint>): Draft {
  return {
    ...draft,
    stages: draft.stages.map((s) => ({
      ...s,
      touchpoints: s.touchpoints.map((tp) => (tp.uid === uid ? { ...tp, ...change } : tp)),
    })),
  }
}

/** Takes a touchpoint off the journey (on save it stays in the workspace, unplaced). */
export function removeTouchpoint(draft: Draft, uid: string): Draft {
  return {
    ...draft,
    stages: draft.stages.map((s) => ({ ...s, touchpoints: s.touchpoints.filter((tp) => tp.uid !== uid) })),
  }
}

/** Where a touchpoint is: its stage's index and its own index there; undefined when it is on none. */
export function placeOf(draft: Draft, uid: string): { stage: number; index: number } | undefined {
  for (const [stage, s] of draft.stages.entries()) {
    const index = s.touchpoints.findIndex((tp) => tp.uid === uid)
    if (index >= 0) return { stage, index }
  }
  return undefined
}

/**
 * Puts a touchpoint at `index` of the stage `stageUid` (the end when index is past it), from wherever it is:
 * what drag and drop and the move buttons both do.
 */
export function placeTouchpoint(draft: Draft, uid: string, stageUid: string, index: number): Draft {
  const place = placeOf(draft, uid)
  if (!place) return draft
  const touchpoint = draft.stages[place.stage]?.touchpoints[place.index]
  if (!touchpoint) return draft
  const sameStage = draft.stages[place.stage]?.uid === stageUid
  const target = sameStage && place.index < index ? index - 1 : index
  const without = removeTouchpoint(draft, uid)
  return {
    ...without,
    stages: without.stages.map((s) => {
      if (s.uid !== stageUid) return s
      const list = [...s.touchpoints]
      list.splice(Math.max(0, Math.min(target, list.length)), 0, touchpoint)
      return { ...s, touchpoints: list }
    }),
  }
}

/** Moves a touchpoint one place up or down in its stage (`by` −1 or +1), or to the stage before or after. */
export function moveTouchpoint(
  draft: Draft,
  uid: string,
  direction: 'up' | 'down' | 'left' | 'right',
): Draft {
  const place = placeOf(draft, uid)
  if (!place) return draft
  const stage = draft.stages[place.stage]
  if (!stage) return draft
  if (direction === 'up' || direction === 'down') {
    const to = place.index + (direction === 'up' ? -1 : 1)
    if (to < 0 || to >= stage.touchpoints.length) return draft
    return {
      ...draft,
      stages: draft.stages.map((s, i) =>
        i === place.stage ? { ...s, touchpoints: moved(s.touchpoints, place.index, to) } : s,
      ),
    }
  }
  const next = draft.stages[place.stage + (direction === 'left' ? -1 : 1)]
  if (!next) return draft
  return placeTouchpoint(draft, uid, next.uid, Math.min(place.index, next.touchpoints.length))
}
