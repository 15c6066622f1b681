import type { FoldedOrders } from './fold-orders.js'

/** The folded orders' amounts as exact decimal strings, for tests to compare with amounts worked out by hand. */
export function orderAmounts(folded: FoldedOrders): string[] {
  return folded.units.map((units, at) => {
    const big = folded.big.get(at)
    return big === undefined ? text(BigInt(units)) : text(big)
  })
}

/** Units of 10⁻⁸ as a decimal without trailing zeros. */
function text(units: bigint): string {
  const negative = units < 0n
  const abs = negative ? -units : units
  const whole = abs / 100_000_000n
  const fraction = (abs % 100_000_000n).toString().padStart(8, '0').replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}
