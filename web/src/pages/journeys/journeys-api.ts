import type { z } from 'zod'
import type {
  experienceSchema,
  journeyDocument,
  journeyListSchema,
  journeySchema,
  pathsSchema,
} from '../../../../src/journeys/schemas.js'
import { noContent, query, request } from '../../api.js'

// The journeys API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type Journey = z.output<typeof journeySchema>
export type Stage = Journey['stages'][number]
export type Touchpoint = Stage['touchpoints'][number]
export type JourneyPromise = Touchpoint['promises'][number]
export type JourneySummary = z.output<typeof journeyListSchema>['items'][number]
/** A journey as the editor saves it and JSON import sends it: fields with a default may be left out. */
export type JourneyDocument = z.input<typeof journeyDocument>
export type DocumentStage = NonNullable<JourneyDocument['stages']>[number]
export type DocumentTouchpoint = NonNullable<DocumentStage['touchpoints']>[number]
export type Experience = z.output<typeof experienceSchema>
export type TouchpointExperience = Experience['touchpoints'][number]
export type PromiseResult = TouchpointExperience['promises'][number]
export type Estimate = TouchpointExperience['emotion']['measured']
export type Paths = z.output<typeof pathsSchema>

/** A window of local dates, both included; either end may be open. */
export interface JourneyWindow {
  from?: string
  to?: string
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`
const journeyPath = (workspaceId: string, journeyId: string) =>
  `${ws(workspaceId)}/journeys/${encodeURIComponent(journeyId)}`

export const journeysApi = {
  list: (workspaceId: string) =>
    request<{ items: JourneySummary[] }>('GET', `${ws(workspaceId)}/journeys`).then((r) => r.items),
  get: (workspaceId: string, journeyId: string) =>
    request<Journey>('GET', journeyPath(workspaceId, journeyId)),
  /** A new journey: `{ name }` alone, or a whole JSON document (import). */
  create: (workspaceId: string, doc: JourneyDocument) =>
    request<Journey>('POST', `${ws(workspaceId)}/journeys`, doc),
  importMermaid: (workspaceId: string, text: string) =>
    request<Journey>('POST', `${ws(workspaceId)}/journeys/import/mermaid`, { text }),
  /** The editor's whole-journey save: stages keep their ids, touchpoints are matched by key. */
  save: (workspaceId: string, journeyId: string, doc: JourneyDocument) =>
    request<Journey>('PUT', journeyPath(workspaceId, journeyId), doc),
  remove: (workspaceId: string, journeyId: string) =>
    request<void>('DELETE', journeyPath(workspaceId, journeyId)).catch(noContent),
  experience: (workspaceId: string, journeyId: string, w: JourneyWindow) =>
    request<Experience>('GET', `${journeyPath(workspaceId, journeyId)}/experience${query({ ...w })}`),
  paths: (workspaceId: string, journeyId: string, w: JourneyWindow) =>
    request<Paths>('GET', `${journeyPath(workspaceId, journeyId)}/paths${query({ ...w })}`),
}

/** The JSON document of a journey, for a download link. */
export const documentUrl = (workspaceId: string, journeyId: string) =>
  `${journeyPath(workspaceId, journeyId)}/document`

/** The Mermaid `journey` text of a journey (measured scores of the window), for a download link. */
export const mermaidUrl = (workspaceId: string, journeyId: string, w: JourneyWindow) =>
  `${journeyPath(workspaceId, journeyId)}/mermaid${query({ ...w })}`

/** The dashboard path of a journey's page: its map, paths or editor. */
export function journeyPagePath(
  workspaceId: string,
  journeyId: string,
  page: 'map' | 'paths' | 'edit' = 'map',
): string {
  const base = `/w/${encodeURIComponent(workspaceId)}/journeys/${encodeURIComponent(journeyId)}`
  return page === 'map' ? base : `${base}/${page}`
}

/** A file name made from a journey's name: letters, digits and dashes. */
export function fileName(name: string, extension: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
  return `${stem || 'journey'}.${extension}`
}
