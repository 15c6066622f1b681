// Display only: amounts arrive as exact decimal strings and are formatted, never computed with.

type DecimalString = `${number}`

function isDecimal(value: string): value is DecimalString {
  return /^-?\d+(\.\d+)?$/.test(value)
}

/** An amount in its currency, e.g. `€1,234.50`; without one, the number with its cents, e.g. `1,234.50`. */
export function formatMoney(amount: string, currency: string | null, locale: string): string {
  if (!isDecimal(amount)) return currency ? `${amount} ${currency}` : amount
  // Without a currency still an amount of money: cents always shown, and every digit beyond them.
  if (!currency)
    return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 20 }).format(
      amount,
    )
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
