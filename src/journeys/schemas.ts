import { z } from 'zod'

// The journeys API's schemas: requests, responses and the JSON document of a journey (import and export). No I/O
// here, so the dashboard imports these for its types.

const noNul = (s: string) => !s.includes('\u0000')

/** A required one-line text, trimmed, 1 to max characters. */
const text = (max: number) => z.string().trim().min(1).max(max).refine(noNul, 'must not contain NUL')

/** An optional longer text; null clears it. */
const note = (max: number) => z.string().trim().max(max).refine(noNul, 'must not contain NUL').nullable()

/** A touchpoint's key: stable, unique in the workspace; the text surveys and responses carry as `touchpoint`. */
export const touchpointKey = text(100)

/** An event type as ingested events carry it (`order_placed`). */
export const eventType = text(100)

/** Emotion on −2 (very negative) … 0 (neutral) … +2 (delighted); Mermaid's 1–5 is this plus 3. */
export const emotion = z.number().int().min(-2).max(2)

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM')

/** Business hours in the workspace's time zone: ISO weekdays (1 = Monday) and a daily opening from start to end. */
export const businessHoursSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'must not repeat a day'),
    start: clock,
    end: clock,
  })
  .refine((h) => h.start < h.end, { message: 'must open before it closes', path: ['end'] })
export type BusinessHours = z.infer<typeof businessHoursSchema>

/** A promise data can check: `endEvent` follows `startEvent` within `limitMinutes` (business minutes when set). */
export const promiseInput = z
  .object({
    name: text(200),
    startEvent: eventType,
    endEvent: eventType,
    /** 1 minute to 1 year. */
    limitMinutes: z.number().int().min(1).max(525_600),
    /** null: every minute counts. */
    businessHours: businessHoursSchema.nullable().default(null),
  })
  .refine((p) => p.startEvent !== p.endEvent, {
    message: 'must differ from startEvent',
    path: ['endEvent'],
  })
export type PromiseInput = z.infer<typeof promiseInput>

export const promiseSchema = z.object({
  id: z.string(),
  name: z.string(),
  startEvent: z.string(),
  endEvent: z.string(),
  limitMinutes: z.number().int(),
  businessHours: businessHoursSchema.nullable(),
})
export type JourneyPromise = z.infer<typeof promiseSchema>

/** Who answers for a touchpoint: an org unit or a person (a member of the workspace). */
export const ownerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), id: z.string() }),
  z.object({ kind: z.literal('user'), id: z.string() }),
])
export type Owner = z.infer<typeof ownerSchema>

const touchpointFields = {
  name: text(200),
  channel: note(100).default(null),
  owner: ownerSchema.nullable().default(null),
  eventTypes: z
    .array(eventType)
    .max(50)
    .default([])
    .refine((t) => new Set(t).size === t.length, 'must not repeat an event type'),
  intendedEmotion: emotion.nullable().default(null),
  intendedThought: note(500).default(null),
  promises: z.array(promiseInput).max(20).default([]),
}

/** A new touchpoint; without a key its key is made from its name. Without stageId it is on no journey yet. */
export const touchpointInput = z.object({
  key: touchpointKey.optional(),
  stageId: z.string().nullable().default(null),
  /** Its place in the stage (0 first); absent: last. */
  position: z.number().int().min(0).max(1000).optional(),
  ...touchpointFields,
})
export type TouchpointInput = z.infer<typeof touchpointInput>

/** A change to a touchpoint: the fields given are set; promises, when given, replace all of them. */
export const touchpointPatch = z
  .object({
    stageId: z.string().nullable(),
    position: z.number().int().min(0).max(1000),
    name: touchpointFields.name,
    channel: note(100),
    owner: ownerSchema.nullable(),
    eventTypes: z
      .array(eventType)
      .max(50)
      .refine((t) => new Set(t).size === t.length, 'must not repeat an event type'),
    intendedEmotion: emotion.nullable(),
    intendedThought: note(500),
    promises: z.array(promiseInput).max(20),
  })
  .partial()
export type TouchpointPatch = z.infer<typeof touchpointPatch>

export const touchpointSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  journeyId: z.string().nullable(),
  stageId: z.string().nullable(),
  position: z.number().int(),
  channel: z.string().nullable(),
  owner: z.object({ kind: z.enum(['unit', 'user']), id: z.string(), name: z.string().nullable() }).nullable(),
  eventTypes: z.array(z.string()),
  intendedEmotion: z.number().int().nullable(),
  intendedThought: z.string().nullable(),
  promises: z.array(promiseSchema),
  /** Surveys attached to this touchpoint (their `touchpoint` is this key). */
  surveys: z.array(z.object({ id: z.string(), name: z.string(), status: z.string() })),
})
export type Touchpoint = z.infer<typeof touchpointSchema>

export const stageSchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().int(),
  touchpoints: z.array(touchpointSchema),
})
export type Stage = z.infer<typeof stageSchema>

export const journeySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  stages: z.array(stageSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type Journey = z.infer<typeof journeySchema>

export const journeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  stages: z.number().int(),
  touchpoints: z.number().int(),
  updatedAt: z.string(),
})
export const journeyListSchema = z.object({ items: z.array(journeySummarySchema) })

/**
 * A journey as a document: JSON import and export, and the whole-journey save of the editor. Touchpoints are
 * matched by key: a key the workspace has is that touchpoint (moved here), a new key is a new touchpoint.
 */
export const journeyDocument = z.object({
  name: text(200),
  description: note(2000).default(null),
  stages: z
    .array(
      z.object({
        /** Keeps a stage of this journey (its id) when saving; ignored on import. */
        id: z.string().optional(),
        name: text(200),
        touchpoints: z
          .array(z.object({ key: touchpointKey.optional(), ...touchpointFields }))
          .max(100)
          .default([]),
      }),
    )
    .max(30)
    .default([])
    .refine((stages) => {
      const keys = stages.flatMap((s) => s.touchpoints.flatMap((t) => (t.key ? [t.key] : [])))
      return new Set(keys).size === keys.length
    }, 'must not place a touchpoint key twice'),
})
export type JourneyDocument = z.infer<typeof journeyDocument>
/** The document as it is exported (every default filled in). */
export type JourneyDocumentOut = z.output<typeof journeyDocument>

export const journeyPatch = z
  .object({ name: text(200), description: note(2000) })
  .partial()
  .refine((p) => p.name !== undefined || p.description !== undefined, 'give name or description')

export const stageInput = z.object({
  name: text(200),
  /** Its place (0 first); absent: last. */
  position: z.number().int().min(0).max(1000).optional(),
})
export const stagePatch = z
  .object({ name: text(200), position: z.number().int().min(0).max(1000) })
  .partial()
  .refine((p) => p.name !== undefined || p.position !== undefined, 'give name or position')

export const mermaidImport = z.object({
  /** Mermaid `journey` diagram text. */
  text: z.string().min(1).max(200_000).refine(noNul, 'must not contain NUL'),
})

/** The window the experience layer and the paths cover, local dates in the workspace's time zone. */
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
const windowFields = z.object({ from: localDate.optional(), to: localDate.optional() })
const ordered = (w: { from?: string | undefined; to?: string | undefined }) =>
  !w.from || !w.to || w.from <= w.to
const orderedIssue = { message: 'must not be before from', path: ['to'] }
export const windowQuery = windowFields.refine(ordered, orderedIssue)

export const estimateSchema = z.object({
  n: z.number().int(),
  value: z.number().nullable(),
  se: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
})

export const promiseResultSchema = promiseSchema.extend({
  /** Start events in the window (each one is a promise made). */
  made: z.number().int(),
  kept: z.number().int(),
  broken: z.number().int(),
  /** Not ended yet and still within the limit. */
  pending: z.number().int(),
  /** kept / (kept + broken) in percent, with its interval. */
  keptRate: estimateSchema,
  /** Actual times in minutes (business minutes when the promise counts business hours) of the ended ones. */
  times: z.object({
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    /** Counts of ended promises by time, in buckets of the limit: up to ¼, ½, 1, 2, 4 limits and more. */
    buckets: z.array(z.object({ upToMinutes: z.number().nullable(), count: z.number().int() })),
  }),
})
export type PromiseResult = z.infer<typeof promiseResultSchema>

const metricSchema = estimateSchema.extend({ belowMinN: z.boolean() })

export const touchpointExperienceSchema = z.object({
  touchpointId: z.string(),
  key: z.string(),
  name: z.string(),
  stageId: z.string(),
  /** Events of the touchpoint's types in the window, and the customers behind them. */
  volume: z.number().int(),
  customers: z.number().int(),
  /** Insight's metrics of the answers given at this touchpoint (null: none). */
  metrics: z.object({
    nps: metricSchema.nullable(),
    csat: metricSchema.nullable(),
    ces: metricSchema.nullable(),
  }),
  emotion: z.object({
    intended: z.number().int().nullable(),
    /**
     * Net sentiment of every scale answer at the touchpoint on −2…+2: 2 × (share positive − share negative), with
     * NPS's bands on every scale (NPS 9–10 / 0–6, CSAT 4–5 / 1–2, CES 5–7 / 1–3, rating top / bottom quarter).
     */
    measured: estimateSchema,
    /** measured − intended (negative: worse than meant). */
    gap: z.number().nullable(),
  }),
  promises: z.array(promiseResultSchema),
  /** Negative answers (detractors, CSAT 1–2, CES 1–3) among the answers with such a score. */
  painPoint: z.object({ negatives: z.number().int(), negativeShare: estimateSchema }),
  openCases: z.number().int(),
})
export type TouchpointExperience = z.infer<typeof touchpointExperienceSchema>

export const experienceSchema = z.object({
  journeyId: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  minN: z.number().int(),
  /** True while the journey's paths are rebuilt after its map changed: customers per touchpoint read 0 meanwhile. */
  pathsRebuilding: z.boolean(),
  touchpoints: z.array(touchpointExperienceSchema),
  /** Per stage, in order: the mean intended emotion of its touchpoints and the measured one from all its answers. */
  emotionCurve: z.array(
    z.object({
      stageId: z.string(),
      name: z.string(),
      intended: z.number().nullable(),
      measured: estimateSchema,
    }),
  ),
})
export type Experience = z.infer<typeof experienceSchema>

export const pathsQuery = windowFields
  .extend({
    /** How many of the most common paths to list. */
    limit: z.coerce.number().int().min(1).max(100).default(10),
    /** Steps of a path shown in the Sankey; later steps are cut. */
    steps: z.coerce.number().int().min(2).max(20).default(8),
  })
  .refine(ordered, orderedIssue)

const pathSchema = z.object({
  touchpointIds: z.array(z.string()),
  customers: z.number().int(),
  /** Of all customers with a path, in percent. */
  share: z.number(),
})

export const pathsSchema = z.object({
  journeyId: z.string(),
  /** True while the paths are rebuilt after the map changed (in the background): the figures are empty meanwhile. */
  rebuilding: z.boolean(),
  /** Customers with at least one event of the journey's touchpoints. */
  customers: z.number().int(),
  /** Sankey nodes: a touchpoint at a step (0 first), so the graph has no cycles. */
  nodes: z.array(
    z.object({
      id: z.string(),
      step: z.number().int(),
      touchpointId: z.string(),
      customers: z.number().int(),
    }),
  ),
  links: z.array(z.object({ source: z.string(), target: z.string(), customers: z.number().int() })),
  topPaths: z.array(pathSchema),
  /** Per step: customers who reached it, and those whose path ends there. */
  dropOff: z.array(
    z.object({
      step: z.number().int(),
      customers: z.number().int(),
      droppedOut: z.number().int(),
      rate: z.number().nullable(),
    }),
  ),
  /** Time from first reaching a stage to first reaching the next, over customers who reached both. */
  stageTimes: z.array(
    z.object({
      fromStageId: z.string(),
      toStageId: z.string(),
      customers: z.number().int(),
      medianHours: z.number().nullable(),
      p90Hours: z.number().nullable(),
    }),
  ),
  /** The top paths per RFM segment (champions, at_risk, …) of the current segmentation. */
  segments: z.array(
    z.object({ segment: z.string(), customers: z.number().int(), topPaths: z.array(pathSchema) }),
  ),
})
export type Paths = z.infer<typeof pathsSchema>
