import { createHmac, timingSafeEqual } from 'node:crypto'

function verifyBase64HmacSha256(
  rawBody: string | Buffer,
  secret: string,
  header: string | undefined,
): boolean {
  // An empty secret would make the HMAC computable by anyone.
  if (!header || !secret) return false
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'))
  const given = Buffer.from(header.trim())
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** Checks X-Shopify-Hmac-Sha256: the base64 HMAC-SHA256 of the raw request body under the app's secret. */
export function verifyShopifyHmac(
  rawBody: string | Buffer,
  secret: string,
  header: string | undefined,
): boolean {
  return verifyBase64HmacSha256(rawBody, secret, header)
}

/** Checks X-WC-Webhook-Signature: the base64 HMAC-SHA256 of the raw request body under the webhook's secret. */
export function verifyWooSignature(
  rawBody: string | Buffer,
  secret: string,
  header: string | undefined,
): boolean {
  return verifyBase64HmacSha256(rawBody, secret, header)
}
