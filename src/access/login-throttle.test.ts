import type { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { secondPool, testDrivers } from '../db/test-db.js'
import type { AppEnv } from '../http/app-env.js'
import { createApp } from '../server/app.js'
import { ownerInput, setUp, type TestClient } from '../server/test-client.js'
import { testPasswordN } from '../test-setup.js'
import { passwordCost, setPasswordCostForTests } from './passwords.js'

const start = new Date('2026-03-02T10:00:00Z')
const MINUTE = 60_000

/** A login from a socket address (in-process requests have none unless given one). */
async function login(app: Hono<AppEnv>, email: string, password: string, address = '198.51.100.7') {
  const response = await app.request(
    '/api/v1/auth/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    },
    { incoming: { socket: { remoteAddress: address, remotePort: 50_000, remoteFamily: 'IPv4' } } },
  )
  const body = (await response.json()) as {
    error?: { code: string; details?: { retryAfterSeconds: number } }
  }
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body }
}

const secondsUntil = (end: Date, now: Date) => Math.ceil((end.getTime() - now.getTime()) / 1000)

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`login throttling on ${driver.name}`, () => {
    let db: Db
    let other: Db
    let app: Hono<AppEnv>
    let otherApp: Hono<AppEnv>
    let owner: TestClient
    let workspaceId: string
    let now = start

    async function addMember(email: string) {
      const password = `${email} has a long secret`
      const added = await owner.json('POST', `/api/v1/workspaces/${workspaceId}/members`, {
        email,
        name: email.split('@')[0],
        password,
        role: 'viewer',
      })
      expect(added.status).toBe(201)
      return password
    }

    beforeAll(async () => {
      db = await driver.open()
      other = await secondPool(db)
      const config = loadConfig({})
      app = createApp({ db, config, webDir: '/nonexistent', now: () => now })
      otherApp = createApp({ db: other, config, webDir: '/nonexistent', now: () => now })
      ;({ owner, workspaceId } = await setUp(app))
    })

    afterAll(async () => {
      await other.close()
      await db.close()
    })

    test('30 wrong passwords get 429s after the fifth, and the right one is refused until the window ends', async () => {
      now = start
      const statuses: number[] = []
      for (let i = 0; i < 30; i++)
        statuses.push((await login(app, ownerInput.email, `wrong guess ${i}`)).status)
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
      expect(statuses.slice(5)).toEqual(Array(25).fill(429))

      // Thirty attempts spent the day's budget too: the lock-out lasts until the end of the (UTC) day.
      const endOfDay = new Date('2026-03-03T00:00:00Z')
      const right = await login(app, ownerInput.email, ownerInput.password)
      expect(right.status).toBe(429)
      expect(right.body.error?.code).toBe('rate_limited')
      expect(right.retryAfter).toBe(String(secondsUntil(endOfDay, now)))
      expect(right.body.error?.details?.retryAfterSeconds).toBe(secondsUntil(endOfDay, now))

      now = new Date(endOfDay.getTime() - 1000)
      const lastSecond = await login(app, ownerInput.email, ownerInput.password)
      expect([lastSecond.status, lastSecond.retryAfter]).toEqual([429, '1'])

      now = endOfDay
      expect((await login(app, ownerInput.email, ownerInput.password)).status).toBe(200)
    })

    test('after five failures the account waits for the rest of the quarter hour, then the right password works', async () => {
      now = new Date('2026-03-04T10:03:00Z')
      const email = 'quarter@acme.test'
      const password = await addMember(email)
      for (let i = 0; i < 5; i++) expect((await login(app, email, 'not it at all')).status).toBe(401)
      const locked = await login(app, email, password)
      expect(locked.status).toBe(429)
      expect(locked.retryAfter).toBe(String(12 * 60))
      now = new Date('2026-03-04T10:15:00Z')
      expect((await login(app, email, password)).status).toBe(200)
    })

    test('a right password forgets the failures before it', async () => {
      now = new Date('2026-03-05T10:00:00Z')
      const email = 'forgetful@acme.test'
      const password = await addMember(email)
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 4; i++) expect((await login(app, email, 'not it at all')).status).toBe(401)
        expect((await login(app, email, password)).status).toBe(200)
      }
    })

    test('the limit holds across two servers on one database', async () => {
      now = new Date('2026-03-06T10:00:00Z')
      const email = 'shared@acme.test'
      const password = await addMember(email)
      for (let i = 0; i < 3; i++) expect((await login(app, email, 'not it at all')).status).toBe(401)
      for (let i = 0; i < 2; i++) expect((await login(otherApp, email, 'not it at all')).status).toBe(401)
      expect((await login(app, email, password)).status).toBe(429)
      expect((await login(otherApp, email, password)).status).toBe(429)
    })

    test('one address gets 50 failures a quarter hour over any accounts; other addresses are not held up', async () => {
      now = new Date('2026-03-07T10:00:00Z')
      const statuses: number[] = []
      for (let i = 0; i < 51; i++)
        statuses.push((await login(app, `stuffed${i}@acme.test`, 'password list', '203.0.113.9')).status)
      expect(statuses.slice(0, 50)).toEqual(Array(50).fill(401))
      expect(statuses[50]).toBe(429)
      // The same address on another server is refused as well; another address is not.
      expect((await login(otherApp, ownerInput.email, ownerInput.password, '203.0.113.9')).status).toBe(429)
      expect((await login(otherApp, ownerInput.email, ownerInput.password, '203.0.113.10')).status).toBe(200)
    })
  })
}

describe('timing', () => {
  // At the product's scrypt cost, as in production: the hash is what makes the two refusals take as long.
  beforeAll(() => setPasswordCostForTests(passwordCost.N))
  afterAll(() => setPasswordCostForTests(testPasswordN))

  test('an unknown e-mail takes as long to refuse as a known one with a wrong password', async () => {
    const driver = testDrivers[0]
    const db = await driver.open()
    let now = start
    const app = createApp({ db, config: loadConfig({}), webDir: '/nonexistent', now: () => now })
    await setUp(app)
    const timed = async (email: string) => {
      now = new Date(now.getTime() + 24 * 60 * MINUTE) // a new day: the throttle is not what is timed
      const began = performance.now()
      const { status } = await login(app, email, 'not the password')
      expect(status).toBe(401)
      return performance.now() - began
    }
    await timed('nobody@acme.test') // warm-up
    await timed(ownerInput.email)
    const unknown: number[] = []
    const known: number[] = []
    for (let i = 0; i < 10; i++) {
      unknown.push(await timed(`nobody${i}@acme.test`))
      known.push(await timed(ownerInput.email))
    }
    const ratio = median(unknown) / median(known)
    expect(ratio).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
    await db.close()
  })
})

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
