import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { client, ownerInput, setUp, type TestClient, testApp } from '../server/test-client.js'
import { passwordWeakness } from './password-policy.js'

const refused = [
  '1234567890',
  '0123456789',
  'aaaaaaaaaa',
  'password123',
  'qwertyuiop',
  'iloveyou12',
  'abababababab',
  '1q2w3e4r5t',
]

describe('the password policy', () => {
  test.each(refused)('%s is refused', (password) => {
    expect(passwordWeakness(password)).toBeDefined()
  })

  test.each(['correct horse battery', 'analyst password', 'Tr0ub4dor&3x', 'mauve kettle umbrella'])(
    '%s will do',
    (password) => {
      expect(passwordWeakness(password)).toBeUndefined()
    },
  )

  test("the owner's e-mail address and name are refused, in any case and spacing", () => {
    const owner = { email: 'Marta.Kowalska@example.pl', name: 'Marta Kowalska' }
    for (const password of ['marta.kowalska@example.pl', 'Marta.Kowalska', 'MartaKowalska', 'marta kowalska'])
      expect(passwordWeakness(password, owner)).toMatch(/e-mail address or name/)
    expect(passwordWeakness('marta.kowalska', {})).toBeUndefined()
  })
})

describe('the policy at the API', () => {
  let db: Db
  let app: Awaited<ReturnType<typeof testApp>>['app']
  let owner: TestClient
  let workspaceId: string

  beforeAll(async () => {
    ;({ app, db } = await testApp())
  })

  afterAll(async () => {
    await db.close()
  })

  test('setup refuses a common password with a 400 naming the password field', async () => {
    const res = await client(app).json<{ error: { code: string; message: string; details: unknown } }>(
      'POST',
      '/api/v1/setup',
      { ...ownerInput, password: '1234567890' },
    )
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(/^body: password: .*common/)
    expect(res.body.error.details).toEqual([
      { field: 'password', message: expect.stringContaining('common') },
    ])
  })

  test("setup refuses the owner's own e-mail address as the password", async () => {
    const res = await client(app).json<{ error: { details: unknown } }>('POST', '/api/v1/setup', {
      ...ownerInput,
      password: ownerInput.email,
    })
    expect(res.status).toBe(400)
    expect(res.body.error.details).toEqual([
      { field: 'password', message: expect.stringContaining('e-mail address or name') },
    ])
    ;({ owner, workspaceId } = await setUp(app))
  })

  test("a new member's trivial password or own name is refused, and a good one accepted", async () => {
    const member = { email: 'jonas.petraitis@acme.test', name: 'Jonas Petraitis', role: 'viewer' }
    const add = (password: string) =>
      owner.json<{ error: { details: unknown } }>('POST', `/api/v1/workspaces/${workspaceId}/members`, {
        ...member,
        password,
      })
    for (const password of ['aaaaaaaaaa', 'jonaspetraitis']) {
      const res = await add(password)
      expect(res.status).toBe(400)
      expect(res.body.error.details).toEqual([{ field: 'password', message: expect.any(String) }])
    }
    expect((await add('violet harbour lantern')).status).toBe(201)
  })
})
