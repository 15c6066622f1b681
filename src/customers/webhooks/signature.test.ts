import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { verifyShopifyHmac, verifyWooSignature } from './signature.js'

const secret = 'whsec_3f9a1c7e5b2d'
const raw = readFileSync(new URL('./fixtures/shopify-orders-create.json', import.meta.url), 'utf8')
const sign = (body: string, key = secret) => createHmac('sha256', key).update(body, 'utf8').digest('base64')

describe.each([
  ['verifyShopifyHmac', verifyShopifyHmac],
  ['verifyWooSignature', verifyWooSignature],
])('%s', (_, verify) => {
  test('accepts the base64 HMAC-SHA256 of the raw body', () => {
    expect(verify(raw, secret, sign(raw))).toBe(true)
    expect(verify(Buffer.from(raw), secret, ` ${sign(raw)} `)).toBe(true)
  })

  test('rejects a tampered body, even one that is the same JSON re-serialized', () => {
    const header = sign(raw)
    expect(verify(raw.replace('"67.64"', '"0.01"'), secret, header)).toBe(false)
    expect(verify(JSON.stringify(JSON.parse(raw)), secret, header)).toBe(false)
  })

  test('rejects a wrong secret, a missing, empty or malformed header and an empty secret', () => {
    expect(verify(raw, secret, sign(raw, 'another-secret'))).toBe(false)
    expect(verify(raw, secret, undefined)).toBe(false)
    expect(verify(raw, secret, '')).toBe(false)
    expect(verify(raw, secret, 'not base64 at all')).toBe(false)
    expect(verify(raw, secret, sign(raw).slice(0, -2))).toBe(false)
    expect(verify(raw, '', sign(raw, ''))).toBe(false)
  })
})
