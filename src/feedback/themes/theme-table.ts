import type { UnitAccess } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import type { ThemePhrase } from './build-themes.js'
import type { ThemeLanguage } from './languages.js'
import { type Separation, separation } from './separation.js'
import {
  type CommentTotals,
  countThemes,
  getStoredThemes,
  getThemeEdits,
  negativeThemesByTouchpoint,
  type ThemeEdit,
  type ThemeFilter,
} from './theme-queries.js'

export interface ThemeRow {
  key: string
  /** The analyst's name, else its top three phrases (in the language asked for, where it has some). */
  name: string
  renamed: boolean
  kind: 'seed' | 'pinned' | 'learned'
  pinned: boolean
  /** Keys merged into this theme. */
  merged: string[]
  phrases: (ThemePhrase & { language: string })[]
  comments: number
  share: number
  positive: number
  negative: number
  neutral: number
  meanSentiment: number
  separation: Separation
}

export interface ThemeTable {
  totals: CommentTotals
  themes: ThemeRow[]
  computedAt: Date | null
}

/** Follows merges to the end (a → b → c gives a → c); a cycle stops at the first key seen again. */
export function mergeTargets(edits: readonly Pick<ThemeEdit, 'key' | 'mergedInto'>[]): Map<string, string> {
  const into = new Map(edits.filter((e) => e.mergedInto).map((e) => [e.key, e.mergedInto!]))
  const out = new Map<string, string>()
  for (const key of into.keys()) {
    const seen = new Set([key])
    let target = into.get(key)!
    while (into.has(target) && !seen.has(target)) {
      seen.add(target)
      target = into.get(target)!
    }
    if (target !== key) out.set(key, target)
  }
  return out
}

export function languageOfPhrase(key: string): string {
  return key.slice(0, key.indexOf(':'))
}

/** A theme's name from its phrases: the top three of the language if it has any there, else of all (else its key). */
export function themeName(
  phrases: readonly ThemePhrase[],
  language: ThemeLanguage | undefined,
  key = '—',
): string {
  const own = language ? phrases.filter((p) => languageOfPhrase(p.key) === language) : []
  const pool = own.length > 0 ? own : phrases
  const names: string[] = []
  for (const p of pool) if (!names.includes(p.surface) && names.length < 3) names.push(p.surface)
  return names.join(' · ') || key
}

/**
 * The theme table: each theme (merges applied, pinned first, then by comments) with its sentiment and how
 * strongly it separates detractors from promoters.
 */
export async function getThemeTable(
  db: Db,
  access: UnitAccess,
  filter: ThemeFilter,
  nameLanguage?: ThemeLanguage,
): Promise<ThemeTable> {
  const [stored, edits] = await Promise.all([
    getStoredThemes(db, access.workspaceId),
    getThemeEdits(db, access.workspaceId),
  ])
  const merged = mergeTargets(edits)
  const { rows, totals } = await countThemes(db, access, filter, merged)
  const counts = new Map(rows.map((r) => [r.theme, r]))
  const edit = new Map(edits.map((e) => [e.key, e]))
  const language = filter.language ?? nameLanguage
  const themes = stored
    .filter((t) => !merged.has(t.key))
    .map((t): ThemeRow => {
      const c = counts.get(t.key)
      const sources = [...merged].filter(([, target]) => target === t.key).map(([k]) => k)
      const phrases = [t, ...stored.filter((s) => sources.includes(s.key))]
        .flatMap((s) => s.phrases)
        .sort((a, b) => b.comments - a.comments)
        .filter((p) => !filter.language || languageOfPhrase(p.key) === filter.language)
        .slice(0, 12)
        .map((p) => ({ ...p, language: languageOfPhrase(p.key) }))
      const e = edit.get(t.key)
      const comments = c?.comments ?? 0
      return {
        key: t.key,
        name: e?.name ?? themeName(t.phrases, language, t.key),
        renamed: Boolean(e?.name),
        kind: t.kind,
        pinned: e?.pinned ?? false,
        merged: sources,
        phrases,
        comments,
        share: totals.comments > 0 ? comments / totals.comments : 0,
        positive: c?.positive ?? 0,
        negative: c?.negative ?? 0,
        neutral: c?.neutral ?? 0,
        meanSentiment: c?.meanSentiment ?? 0,
        separation: separation(c?.detractors ?? 0, totals.detractors, c?.promoters ?? 0, totals.promoters),
      }
    })
    .filter((t) => t.comments > 0 || t.pinned)
    .sort(
      (a, b) => Number(b.pinned) - Number(a.pinned) || b.comments - a.comments || a.key.localeCompare(b.key),
    )
  const computedAt = stored.reduce<Date | null>(
    (latest, t) => (!latest || t.computedAt > latest ? t.computedAt : latest),
    null,
  )
  return { totals, themes, computedAt }
}

/** The keys whose comments a theme's verbatims show: the theme and every theme merged into it. */
export async function themeKeysOf(db: Db, workspaceId: string, key: string): Promise<string[]> {
  const merged = mergeTargets(await getThemeEdits(db, workspaceId))
  return [key, ...[...merged].filter(([, target]) => target === key).map(([k]) => k)]
}

export interface TouchpointTheme {
  key: string
  name: string
  /** Negative comments (a negative sentiment or a detractor's) of the touchpoint that hold the theme. */
  comments: number
}

/**
 * Each touchpoint's top themes among its negative comments in an interval (merges and names applied), for
 * Insight's pain points.
 */
export async function topNegativeThemes(
  db: Db,
  access: UnitAccess,
  range: { from: Date; to: Date },
  perTouchpoint: number,
): Promise<Map<string, TouchpointTheme[]>> {
  const [stored, edits] = await Promise.all([
    getStoredThemes(db, access.workspaceId),
    getThemeEdits(db, access.workspaceId),
  ])
  const merged = mergeTargets(edits)
  const names = new Map(edits.filter((e) => e.name).map((e) => [e.key, e.name!]))
  const phrases = new Map(stored.map((t) => [t.key, t.phrases]))
  const out = new Map<string, TouchpointTheme[]>()
  for (const row of await negativeThemesByTouchpoint(db, access, range, merged, perTouchpoint)) {
    const list = out.get(row.touchpoint) ?? []
    list.push({
      key: row.theme,
      name: names.get(row.theme) ?? themeName(phrases.get(row.theme) ?? [], undefined, row.theme),
      comments: row.comments,
    })
    out.set(row.touchpoint, list)
  }
  return out
}
