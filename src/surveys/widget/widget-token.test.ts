import { createHmac } from 'node:crypto'
import { expect, test } from 'vitest'
import { signWidgetToken, verifyWidgetToken } from './widget-token.js'

const secret = 'workspace-secret'
const ws = '6f1d0c5e-0000-4000-8000-000000000001'
const tomorrow = new Date(Date.now() + 86_400_000)

test('a token signed the way the documentation tells a site backend to sign it is accepted', () => {
  // What a site's backend writes, independently of our helper: HMAC over the documented message.
  const expiry = Math.floor(tomorrow.getTime() / 1000)
  const sig = createHmac('sha256', secret).update(`widget:${ws}:C-1001:${expiry}`).digest('base64url')
  expect(verifyWidgetToken(secret, ws, 'C-1001', `${expiry}.${sig}`)).toBe(true)
  expect(signWidgetToken(secret, ws, 'C-1001', tomorrow)).toBe(`${expiry}.${sig}`)
})

test('a token is refused for another customer, another workspace, another secret, or once expired', () => {
  const token = signWidgetToken(secret, ws, 'C-1001', tomorrow)
  expect(verifyWidgetToken(secret, ws, 'C-1002', token)).toBe(false)
  expect(verifyWidgetToken(secret, ws.replace('1', '2'), 'C-1001', token)).toBe(false)
  expect(verifyWidgetToken('other', ws, 'C-1001', token)).toBe(false)
  expect(verifyWidgetToken(secret, ws, 'C-1001', token, new Date(tomorrow.getTime() + 1000))).toBe(false)
  expect(verifyWidgetToken(secret, ws, 'C-1001', 'garbage')).toBe(false)
  const [expiry, sig] = token.split('.')
  expect(verifyWidgetToken(secret, ws, 'C-1001', `${Number(expiry) + 100}.${sig}`)).toBe(false)
})

test('a token expiring more than 30 days ahead is refused however well signed', () => {
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000)
  expect(verifyWidgetToken(secret, ws, 'C-1001', signWidgetToken(secret, ws, 'C-1001', inDays(29.9)))).toBe(
    true,
  )
  expect(verifyWidgetToken(secret, ws, 'C-1001', signWidgetToken(secret, ws, 'C-1001', inDays(30.1)))).toBe(
    false,
  )
  expect(verifyWidgetToken(secret, ws, 'C-1001', signWidgetToken(secret, ws, 'C-1001', inDays(36_525)))).toBe(
    false,
  )
})
