import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * The token a site's backend gives the widget to say who is looking: `<expiry in unix seconds>.<signature>`,
 * the signature being HMAC-SHA256(workspace survey secret, 'widget:<workspaceId>:<customer external id>:<expiry>')
 * in base64url. The 'widget:' prefix keeps it from ever passing for a personal-link token.
 * @example signWidgetToken(secret, workspaceId, 'C-1001', new Date(Date.now() + 86_400_000))
 */
export function signWidgetToken(
  secret: string,
  workspaceId: string,
  externalId: string,
  expiresAt: Date,
): string {
  const expiry = Math.floor(expiresAt.getTime() / 1000)
  return `${expiry}.${widgetSignature(secret, workspaceId, externalId, expiry)}`
}

function widgetSignature(secret: string, workspaceId: string, externalId: string, expiry: number): string {
  return createHmac('sha256', secret)
    .update(`widget:${workspaceId}:${externalId}:${expiry}`)
    .digest('base64url')
}

/** The furthest ahead a widget token may expire: a leaked token must not stay good for years. */
export const widgetTokenMaxDays = 30

/** Whether the token's expiry (if it has one we can read) lies more than widgetTokenMaxDays ahead. */
export function widgetTokenExpiresTooLate(token: string, now = new Date()): boolean {
  const expiry = /^(\d{1,12})\./.exec(token)?.[1]
  return expiry !== undefined && Number(expiry) * 1000 > now.getTime() + widgetTokenMaxDays * 86_400_000
}

/** Whether the token was signed for this customer of this workspace and has not expired. */
export function verifyWidgetToken(
  secret: string,
  workspaceId: string,
  externalId: string,
  token: string,
  now = new Date(),
): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return false
  const expiry = Number(match[1])
  if (expiry * 1000 <= now.getTime() || widgetTokenExpiresTooLate(token, now)) return false
  const expected = Buffer.from(widgetSignature(secret, workspaceId, externalId, expiry))
  const given = Buffer.from(match[2] ?? '')
  return expected.length === given.length && timingSafeEqual(expected, given)
}
