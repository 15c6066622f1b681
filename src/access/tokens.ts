import { createHash, randomBytes } from 'node:crypto'

/** A random URL-safe secret (sessions, CSRF, API keys). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Secrets are stored only as their SHA-256; a stolen table opens nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
