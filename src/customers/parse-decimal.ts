const decimalPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/

/**
 * Normalizes a decimal written as text to a plain decimal string ('+.5' → '0.5'), or null if it is not one.
 * @example parseDecimal(' 12,50 ', true) // '12.50'
 */
export function parseDecimal(value: string, decimalComma = false): string | null {
  let v = value.trim()
  if (decimalComma && v.includes(',')) {
    // '1.234,50' mixes a grouping and a decimal mark: ambiguous, so it is refused rather than guessed.
    if (v.includes('.')) return null
    v = v.replace(',', '.')
  }
  if (!decimalPattern.test(v)) return null
  let sign = ''
  if (v[0] === '-' || v[0] === '+') {
    if (v[0] === '-') sign = '-'
    v = v.slice(1)
  }
  if (v[0] === '.') v = `0${v}`
  if (v.endsWith('.')) v = v.slice(0, -1)
  return sign + v
}
