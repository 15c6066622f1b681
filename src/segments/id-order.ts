/**
 * Compares customer ids in the order of their UTF-8 bytes, PostgreSQL's "C" collation: the order the rules place
 * ties in and the output is in.
 * @param ids all the ids to be compared, which choose the cheaper comparison when it is the same
 */
export function idOrder(ids: readonly string[]): (a: string, b: string) => number {
  // UTF-16 code units sort as code points (UTF-8 bytes do) unless a surrogate meets U+E000–U+FFFF.
  return ids.some((id) => /[\uD800-\uFFFF]/.test(id))
    ? (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))
    : (a, b) => (a < b ? -1 : a > b ? 1 : 0)
}
