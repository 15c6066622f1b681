import { createHash } from 'node:crypto'

/**
 * Whether a key falls in the sample: a stable hash, so a retried job decides the same way.
 * The first 32 bits of SHA-256(key), as a fraction of 2^32, are compared with percent / 100.
 */
export function inSample(key: string, percent: number): boolean {
  if (percent >= 100) return true
  if (percent <= 0) return false
  const bucket = createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32
  return bucket < percent / 100
}
