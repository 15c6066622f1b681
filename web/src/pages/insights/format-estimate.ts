import type { Estimate } from './insights-api.js'

/** A metric value for display, e.g. `42.5`; '—' when there is none. */
export function formatValue(value: number | null, locale: string, digits = 1): string {
  if (value === null) return '—'
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  }).format(value)
}

/** The 95 % interval for display, e.g. `31.2 – 53.8`. */
export function formatInterval(estimate: Estimate, locale: string, digits = 1): string {
  if (!estimate.ci95) return '—'
  return `${formatValue(estimate.ci95[0], locale, digits)} – ${formatValue(estimate.ci95[1], locale, digits)}`
}
