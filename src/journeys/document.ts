import type { Journey, JourneyDocumentOut } from './schemas.js'

/** A journey as its JSON document (export): no ids, touchpoints by key, owners by id, promises without ids. */
export function toDocument(journey: Journey): JourneyDocumentOut {
  return {
    name: journey.name,
    description: journey.description,
    stages: journey.stages.map((stage) => ({
      name: stage.name,
      touchpoints: stage.touchpoints.map((t) => ({
        key: t.key,
        name: t.name,
        channel: t.channel,
        owner: t.owner ? { kind: t.owner.kind, id: t.owner.id } : null,
        eventTypes: t.eventTypes,
        intendedEmotion: t.intendedEmotion,
        intendedThought: t.intendedThought,
        promises: t.promises.map(({ id: _, ...p }) => p),
      })),
    })),
  }
}
