import { formatDuration } from '../../format.js'
import type { Estimate } from './journeys-api.js'

/** An emotion on −2…+2 for display, signed with one decimal (`+1.5`, `−0.4`); '—' when there is none. */
export function formatEmotion(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—'
  const text = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(value)
  return text
}

/** A number with one decimal (a metric, a share in percent); '—' when there is none. */
export function formatOne(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return '—'
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)
}

/** An estimate's 95 % interval, e.g. `31.2 – 53.8`; '—' when there is none. */
export function formatCi(estimate: Estimate | null | undefined, locale: string): string {
  if (!estimate?.ci95) return '—'
  return `${formatOne(estimate.ci95[0], locale)} – ${formatOne(estimate.ci95[1], locale)}`
}

/** A duration given in minutes in the locale's units: `45 min`, `1 hr 30 min`, `3 days 4 hr`. */
export function formatMinutes(minutes: number | null | undefined, locale: string): string {
  return formatDuration(minutes === null || minutes === undefined ? null : minutes * 60, locale)
}

/** The emotions a touchpoint may intend, most negative first. */
export const emotions = [-2, -1, 0, 1, 2] as const
