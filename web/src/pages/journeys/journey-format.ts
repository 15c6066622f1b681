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

/** A duration given in minutes as the largest fitting unit: `45 min`, `26 h`, `3.5 d`. */
export function formatMinutes(minutes: number | null | undefined, locale: string): string {
  if (minutes === null || minutes === undefined) return '—'
  const n = (v: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v)
  if (minutes < 120) return `${n(minutes)} min`
  if (minutes < 48 * 60) return `${n(minutes / 60)} h`
  return `${n(minutes / 1440)} d`
}

/** The emotions a touchpoint may intend, most negative first. */
export const emotions = [-2, -1, 0, 1, 2] as const
