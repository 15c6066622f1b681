import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { client, ownerInput, testApp } from '../server/test-client.js'

type ErrorBody = { error?: { code: string; details?: { field: string }[] } }

// Ten identical creations at once: the database's unique index decides, so one wins and the rest hear 409.
const attempts = 10

function tally(results: { status: number; body: ErrorBody }[]) {
  return {
    created: results.filter((r) => r.status === 201).length,
    conflicts: results.filter((r) => r.status === 409).length,
    fields: [...new Set(results.flatMap((r) => r.body.error?.details?.map((d) => d.field) ?? []))],
  }
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`concurrent creations on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    // The winner of the setup race, whom the later tests log in as.
    let ownerEmail = ''

    async function loggedInOwner() {
      const owner = client(app)
      const login = await owner.json<{ workspaces: { id: string }[] }>('POST', '/api/v1/auth/login', {
        email: ownerEmail,
        password: ownerInput.password,
      })
      expect(login.status).toBe(200)
      return { owner, workspaceId: login.body.workspaces[0]?.id ?? '' }
    }

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
    })

    afterAll(async () => {
      await db.close()
    })

    test('ten simultaneous first-run setups make one organization; the others are refused with 409', async () => {
      const results = await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          client(app).json<ErrorBody>('POST', '/api/v1/setup', {
            ...ownerInput,
            email: `owner${i}@acme.test`,
          }),
        ),
      )
      expect(tally(results)).toMatchObject({ created: 1, conflicts: attempts - 1 })
      ownerEmail = `owner${results.findIndex((r) => r.status === 201)}@acme.test`
      const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from organizations`)
      expect(row?.n).toBe(1)
    })

    test('ten simultaneous additions of the same e-mail give one 201 and nine 409 naming email', async () => {
      const { owner, workspaceId } = await loggedInOwner()
      const results = await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          owner.json<ErrorBody>('POST', `/api/v1/workspaces/${workspaceId}/members`, {
            email: 'same@acme.test',
            name: `Same ${i}`,
            password: 'a long enough secret',
            role: 'analyst',
          }),
        ),
      )
      expect(tally(results)).toEqual({ created: 1, conflicts: attempts - 1, fields: ['email'] })
      const users = await db.query(sql`select 1 from users where email = 'same@acme.test'`)
      expect(users).toHaveLength(1)
    })

    test('ten simultaneous creations of the same org unit code give one 201 and nine 409 naming code', async () => {
      const { owner, workspaceId } = await loggedInOwner()
      const results = await Promise.all(
        Array.from({ length: attempts }, () =>
          owner.json<ErrorBody>('POST', `/api/v1/workspaces/${workspaceId}/org-units`, {
            code: 'north',
            name: 'North',
            kind: 'region',
          }),
        ),
      )
      expect(tally(results)).toEqual({ created: 1, conflicts: attempts - 1, fields: ['code'] })
    })
  })
}
