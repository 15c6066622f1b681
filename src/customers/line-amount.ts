// Exact decimal arithmetic for order totals, in integers: amounts never pass through a float.

/**
 * quantity × unit price as an integer count of 10⁻⁸ (both are decimals of at most 4 places, as validated).
 * @example lineAmount('3', '0.10') // 30000000n
 */
export function lineAmount(quantity: string, unitPrice: string): bigint {
  return scaled(quantity) * scaled(unitPrice)
}

/**
 * A sum of lineAmount values as numeric(20, 4) text, rounded half away from zero as PostgreSQL rounds.
 * @example amountText(671666600n) // '6.7167'
 */
export function amountText(sum: bigint): string {
  const negative = sum < 0n
  const magnitude = negative ? -sum : sum
  let units = magnitude / 10_000n
  if ((magnitude % 10_000n) * 2n >= 10_000n) units++
  const digits = units.toString().padStart(5, '0')
  const text = `${digits.slice(0, -4)}.${digits.slice(-4)}`
  return negative && units !== 0n ? `-${text}` : text
}

/** A decimal of at most 4 places as an integer count of 10⁻⁴. */
function scaled(value: string): bigint {
  const dot = value.indexOf('.')
  if (dot === -1) return BigInt(value) * 10_000n
  const fraction = value.slice(dot + 1)
  return BigInt(value.slice(0, dot) + fraction + '0000'.slice(fraction.length))
}
