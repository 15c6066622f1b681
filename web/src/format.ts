// Display only: amounts arrive as exact decimal strings and are formatted, never computed with.

type DecimalString = `${number}`

function isDecimal(value: string): value is DecimalString {
  return /^-?\d+(\.\d+)?$/.test(value)
}

/** An amount in its currency, e.g. `€1,234.50`; an unknown currency falls back to the plain number. */
export function formatMoney(amount: string, currency: string | null, locale: string): string {
  if (!isDecimal(amount)) return currency ? `${amount} ${currency}` : amount
  if (!currency) return formatDecimal(amount, locale)
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount)
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

export function formatDateTime(iso: string | null, locale: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}

export function formatDate(iso: string | null, locale: string): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(date)
}
