import { lookup } from 'node:dns/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isPrivateAddress, OutboundRefused, postOutbound, privateHostReason } from './outbound.js'

test.each([
  ['127.0.0.1', true],
  ['10.20.30.40', true],
  ['172.31.255.1', true],
  ['192.168.0.10', true],
  ['169.254.169.254', true],
  ['100.64.0.1', true],
  ['0.0.0.0', true],
  ['255.255.255.255', true],
  ['::1', true],
  ['::', true],
  ['fd00::1', true],
  ['fe80::1', true],
  ['::ffff:192.168.1.1', true],
  ['8.8.8.8', false],
  ['172.32.0.1', false],
  ['93.184.216.34', false],
  ['2001:4860:4860::8888', false],
  ['::ffff:8.8.8.8', false],
  ['not an address', true],
])('%s is private: %s', (address, expected) => {
  expect(isPrivateAddress(address)).toBe(expected)
})

test('a URL naming a private address or a local-only name is refused before any lookup', () => {
  expect(privateHostReason('http://127.0.0.1:8080/hooks')).toMatch(/127\.0\.0\.1 is a private/)
  expect(privateHostReason('http://[::1]/hooks')).toMatch(/::1 is a private/)
  expect(privateHostReason('http://LOCALHOST/x')).toMatch(/localhost names this machine/)
  expect(privateHostReason('https://metadata.google.internal/')).toMatch(/private network/)
  expect(privateHostReason('https://hooks.example.com/rapport')).toBeUndefined()
  expect(privateHostReason('https://93.184.216.34/')).toBeUndefined()
})

describe('a POST to a receiver on loopback', () => {
  let server: Server
  let port = 0
  const received: string[] = []

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => {
        body += chunk
      })
      req.on('end', () => {
        received.push(body)
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const post = (host: string, allowPrivate: boolean) =>
    postOutbound(`http://${host}:${port}/hooks`, {
      headers: { 'content-type': 'application/json' },
      body: '{"n":1}',
      timeoutMs: 5000,
      allowPrivate,
    })

  test('is refused by address and by a name that resolves there, and nothing arrives', async () => {
    await expect(post('127.0.0.1', false)).rejects.toBeInstanceOf(OutboundRefused)
    // This machine's own name is not a local-only name, so only the lookup can tell where it leads.
    const name = hostname()
    const addresses = await lookup(name, { all: true })
    if (addresses.every((a) => isPrivateAddress(a.address)))
      await expect(post(name, false)).rejects.toThrow(/resolves to .*a private address/)
    expect(received).toEqual([])
  })

  test('is delivered when private receivers are allowed', async () => {
    expect(await post('127.0.0.1', true)).toBe(204)
    expect(received).toEqual(['{"n":1}'])
  })
})
