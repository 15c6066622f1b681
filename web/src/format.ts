// The one place the dashboard turns values into text for a language (en, uk, ru, pl, lv). Display only:
// amounts arrive as exact decimal strings and are formatted from the string (Intl takes it without passing
// through a float), never computed with.

type DecimalString = `${number}`

function isDecimal(value: string): value is DecimalString {
  return /^-?\d+(\.\d+)?$/.test(value)
}

/** What a page formats for: the reader's language, and the workspace's time zone and main currency. */
export interface FormatContext {
  locale: string
  timeZone?: string
  currency?: string | null
}

/**
 * An amount in its currency, e.g. `€1,234.50` (en), `1 234,50 €` (uk); without one, the number with its cents.
 * The workspace's own currency is shown by its narrow sign (€, ₴, zł) even where the language's standard sign
 * is the code (Ukrainian writes `EUR`); another currency keeps the standard sign so that `$` stays unambiguous.
 */
export function formatMoney(
  amount: string,
  currency: string | null,
  locale: string,
  homeCurrency: string | null = currency,
): string {
  if (!isDecimal(amount)) return currency ? `${amount} ${currency}` : amount
  // Without a currency still an amount of money: cents always shown, and every digit beyond them.
  if (!currency)
    return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 20 }).format(
      amount,
    )
  try {
    const currencyDisplay = currency === homeCurrency ? 'narrowSymbol' : 'symbol'
    return new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay }).format(amount)
  } catch {
    return `${formatDecimal(amount, locale)} ${currency}`
  }
}

/** A decimal such as a quantity, with the locale's separators and all its digits. */
export function formatDecimal(value: string, locale: string): string {
  if (!isDecimal(value)) return value
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 20 }).format(value)
}

export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value)
}

/** A measured number with a fixed count of decimals (a mean, a score); '—' when there is none. */
export function formatNumber(value: number | string | null | undefined, locale: string, digits = 1): string {
  const n = typeof value === 'string' ? Number(value) : value
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(n)
}

/** A share (0.123) as a percentage with at most `digits` decimals: `12.3%` (en), `12,3 %` (ru). */
export function formatPercent(share: number | string | null | undefined, locale: string, digits = 1): string {
  const n = typeof share === 'string' ? Number(share) : share
  if (n === null || n === undefined || !Number.isFinite(n)) return '—'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(n)
}

/** A fitted model parameter (r, α, a, b of BG/NBD; p, q, γ of Gamma-Gamma): four significant digits. */
export function formatParameter(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(value)
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/

function parseDate(iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** A moment with date and time, in the workspace's time zone (the browser's when none is given). */
export function formatDateTime(iso: string | null, locale: string, timeZone?: string): string {
  if (!iso) return '—'
  const date = parseDate(iso)
  if (!date) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date)
}

/**
 * A day. A calendar date (`2026-03-05`) is that day wherever the reader is; a moment is the day it fell on in
 * the workspace's time zone.
 */
export function formatDate(iso: string | null, locale: string, timeZone?: string): string {
  if (!iso) return '—'
  const date = parseDate(iso)
  if (!date) return iso
  const zone = dateOnly.test(iso) ? 'UTC' : timeZone
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone }).format(date)
}

const durationUnits = [
  { unit: 'day', seconds: 86_400 },
  { unit: 'hour', seconds: 3_600 },
  { unit: 'minute', seconds: 60 },
  { unit: 'second', seconds: 1 },
] as const

/**
 * A duration in seconds as its two largest units, rounded to the smaller one: `3 days 4 hr` (en), `3 дн. 4 год`
 * (uk). Node 20 has no Intl.DurationFormat, so the units are the locale's own, written by Intl.NumberFormat.
 */
export function formatDuration(seconds: number | null | undefined, locale: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const sign = seconds < 0 ? '-' : ''
  const total = Math.abs(seconds)
  const first = durationUnits.findIndex((u) => total >= u.seconds)
  const parts = first === -1 ? [durationUnits[3]] : durationUnits.slice(first, first + 2)
  const smallest = parts[parts.length - 1] ?? durationUnits[3]
  let rest = Math.round(total / smallest.seconds) * smallest.seconds
  const text = parts
    .map((u) => {
      const amount = Math.floor(rest / u.seconds)
      rest -= amount * u.seconds
      return { u, amount }
    })
    .filter((p, i) => i === 0 || p.amount > 0)
    .map(({ u, amount }) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit: u.unit, unitDisplay: 'short' }).format(amount),
    )
    .join(' ')
  return sign + text
}

function toCents(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value)
}

/** The formatters bound to one page's language, time zone and currency (see `useFormat`). */
export function createFormat({ locale, timeZone, currency = null }: FormatContext) {
  return {
    locale,
    /** Money in the given currency, else the workspace's; a number (a model's estimate) is rounded to cents. */
    money: (amount: string | number | null | undefined, inCurrency?: string | null) =>
      amount === null || amount === undefined || amount === ''
        ? '—'
        : formatMoney(
            typeof amount === 'number' ? toCents(amount) : amount,
            inCurrency ?? currency,
            locale,
            currency,
          ),
    decimal: (value: string) => formatDecimal(value, locale),
    count: (value: number) => formatCount(value, locale),
    number: (value: number | string | null | undefined, digits = 1) => formatNumber(value, locale, digits),
    percent: (share: number | string | null | undefined, digits = 1) => formatPercent(share, locale, digits),
    parameter: (value: number | null | undefined) => formatParameter(value, locale),
    date: (iso: string | null | undefined) => formatDate(iso ?? null, locale, timeZone),
    dateTime: (iso: string | null | undefined) => formatDateTime(iso ?? null, locale, timeZone),
    duration: (seconds: number | null | undefined) => formatDuration(seconds, locale),
  }
}

export type Format = ReturnType<typeof createFormat>
