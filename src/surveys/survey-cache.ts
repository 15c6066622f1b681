import type { Db } from '../db/db.js'
import { type Question, questionIndex, type SurveyDefinition } from './definition.js'
import { getSurveyBySlug, getSurveyVersion, type Survey } from './surveys.js'

// The public pages and the response endpoint read surveys on every request; versions never change,
// and a survey's settings may be a few seconds stale.

export interface CompiledVersion {
  definition: SurveyDefinition
  index: Map<string, Question>
}

const SURVEY_TTL_MS = 3000
const bySlug = new Map<string, { at: number; survey: Survey | undefined }>()
const versions = new Map<string, CompiledVersion>()

/** The survey behind an anonymous link (cached a few seconds). */
export async function cachedSurveyBySlug(db: Db, slug: string): Promise<Survey | undefined> {
  const hit = bySlug.get(slug)
  if (hit && Date.now() - hit.at < SURVEY_TTL_MS) return hit.survey
  const found = await getSurveyBySlug(db, slug)
  const survey = found && { ...found, definition: undefined, estimatedSeconds: undefined }
  if (found) remember(found.id, found.currentVersion, found.definition)
  if (bySlug.size > 10_000) bySlug.clear()
  bySlug.set(slug, { at: Date.now(), survey })
  return survey
}

/** One version's definition with its question index (cached for good: versions are immutable). */
export async function cachedVersion(
  db: Db,
  surveyId: string,
  version: number,
): Promise<CompiledVersion | undefined> {
  const hit = versions.get(`${surveyId}:${version}`)
  if (hit) return hit
  const definition = await getSurveyVersion(db, surveyId, version)
  return definition && remember(surveyId, version, definition)
}

function remember(surveyId: string, version: number, definition: SurveyDefinition): CompiledVersion {
  const compiled = { definition, index: questionIndex(definition) }
  if (versions.size > 10_000) versions.clear()
  versions.set(`${surveyId}:${version}`, compiled)
  return compiled
}

/** Forget a survey's cached settings (after an edit in this process). */
export function forgetSurvey(slug: string): void {
  bySlug.delete(slug)
}
