/** A fixed-window counter per key (an IP): `allow(key)` is false once `limit` is reached in the window. */
export class RateLimiter {
  private windowStart = Date.now()
  private counts = new Map<string, number>()

  constructor(
    readonly limit: number,
    readonly windowMs = 60_000,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    if (this.limit <= 0) return true
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now
      this.counts.clear()
    }
    const count = (this.counts.get(key) ?? 0) + 1
    this.counts.set(key, count)
    return count <= this.limit
  }
}
