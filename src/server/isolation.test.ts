import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Permission } from '../access/roles.js'
import type { Db } from '../db/db.js'
import { testDrivers } from '../db/test-db.js'
import {
  fillPath,
  minimalUrl,
  minimalValue,
  operationName,
  type ServedOperation,
  servedOperations,
} from '../http/served-operations.js'
import { client, type TestClient } from './test-client.js'
import { csvImportOf, seedWalkFixture, validBody, type WalkFixture } from './walk-fixture.js'

// Issue 18, "Isolation, generated": every operation of the served OpenAPI document, called by someone who
// must not reach the victim's objects, answers 403 or 404 and shows none of them.

/** What an operation takes: a permission in the workspace, or a person acting on their own login. */
type Needs = Permission | 'self'

/** Operations whose permission is not "GET reads, anything else writes". */
const permissionExceptions: Record<string, Needs> = {
  'POST /api/v1/workspaces': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/members': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/members': 'manage',
  'PATCH /api/v1/workspaces/{workspaceId}/members/{userId}': 'manage',
  'DELETE /api/v1/workspaces/{workspaceId}/members/{userId}': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/members/{userId}/password-reset': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/members/{userId}/sessions/end': 'manage',
  // Any person may change their own password and end their own other sessions; an API key is no person.
  'PUT /api/v1/me/password': 'self',
  'POST /api/v1/me/sessions/end-others': 'self',
  'POST /api/v1/workspaces/{workspaceId}/org-units': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/api-keys': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/api-keys': 'manage',
  'DELETE /api/v1/workspaces/{workspaceId}/api-keys/{keyId}': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/audit': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/webhook-sources': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/webhook-sources': 'manage',
  'PUT /api/v1/workspaces/{workspaceId}/survey-delivery/settings': 'manage',
  'PUT /api/v1/workspaces/{workspaceId}/segments/settings': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/ingest/customers': 'ingest',
  'POST /api/v1/workspaces/{workspaceId}/ingest/orders': 'ingest',
  'POST /api/v1/workspaces/{workspaceId}/ingest/events': 'ingest',
  // An estimate of a survey's reach changes nothing.
  'POST /api/v1/workspaces/{workspaceId}/survey-estimate': 'read',
  // Data rights: everything about a customer, its erasure and retention are the workspace managers'.
  'GET /api/v1/workspaces/{workspaceId}/customers/{customerId}/export': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/customers/{customerId}/erase': 'manage',
  'PUT /api/v1/workspaces/{workspaceId}/privacy/settings': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/ingest/responses': 'ingest',
  'PUT /api/v1/workspaces/{workspaceId}/insights/settings': 'manage',
  'PUT /api/v1/workspaces/{workspaceId}/loyalty/settings': 'manage',
  'PUT /api/v1/workspaces/{workspaceId}/loyalty/tiers': 'manage',
  'PUT /api/v1/workspaces/{workspaceId}/loyalty/act-rules': 'manage',
  'PATCH /api/v1/workspaces/{workspaceId}/settings': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/invitations': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/invitations': 'manage',
  'DELETE /api/v1/workspaces/{workspaceId}/invitations/{invitationId}': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/invitations/{invitationId}/resend': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/mail': 'manage',
  'POST /api/v1/workspaces/{workspaceId}/mail/test': 'manage',
  'PATCH /api/v1/workspaces/{workspaceId}/org-units/{unitId}': 'manage',
  'DELETE /api/v1/workspaces/{workspaceId}/org-units/{unitId}': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/audit.csv': 'manage',
  'GET /api/v1/workspaces/{workspaceId}/webhook-sources/{sourceId}/deliveries': 'manage',
  // The import wizard takes the ingest permission over the whole workspace, reads included.
  'POST /api/v1/workspaces/{workspaceId}/imports': 'ingest',
  'POST /api/v1/workspaces/{workspaceId}/imports/{importId}/start': 'ingest',
  'PUT /api/v1/workspaces/{workspaceId}/import-mappings/{kind}': 'ingest',
}

function permissionOf(op: ServedOperation): Needs {
  return permissionExceptions[operationName(op)] ?? (op.method === 'get' ? 'read' : 'write')
}

/**
 * Holes other engineers are closing: "actor METHOD path" → the issue item. Remove an entry when its fix
 * lands (the walk fails on an entry that no longer fails, so the list stays exact).
 */
const knownHoles: Record<string, string> = {}

interface Sent {
  status: number
  text: string
  request: string
}

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`isolation walk on ${driver.name}`, () => {
    let db: Db
    let f: WalkFixture
    let operations: ServedOperation[]
    let requests = 0
    let serverErrors = 0
    const failures = new Set<string>()

    beforeAll(async () => {
      db = await driver.open()
      f = await seedWalkFixture(db)
      operations = servedOperations(f.document)
    })
    afterAll(async () => {
      console.log(`isolation walk on ${driver.name}: ${requests} requests, ${serverErrors} 5xx`)
      await db?.close()
    })

    async function send(
      who: TestClient,
      op: ServedOperation,
      pathValues: Record<string, string>,
      body?: unknown,
    ): Promise<Sent> {
      const csv = csvImportOf(f, op)
      const url = csv ? `${fillPath(op.path, pathValues)}?survey=${csv.survey}` : minimalUrl(op, pathValues)
      const payload = op.body ? (body ?? validBody(f, op) ?? minimalValue(op.body)) : (body ?? csv?.csv)
      const headers: Record<string, string> = csv ? { 'content-type': 'text/csv' } : {}
      const response = await who.request(op.method.toUpperCase(), url, payload, headers)
      requests++
      if (response.status >= 500) serverErrors++
      return { status: response.status, text: await response.text(), request: url + JSON.stringify(payload) }
    }

    /** Records a failure unless the answer is 403/404 and shows nothing of `secrets`. */
    function expectRefused(actor: string, op: ServedOperation, sent: Sent, secrets: string[]): void {
      const name = `${actor} ${operationName(op)}`
      if (sent.status !== 403 && sent.status !== 404) failures.add(`${name} → ${sent.status}`)
      expectNoLeak(name, sent, secrets)
    }

    function expectNoLeak(name: string, sent: Sent, secrets: string[]): void {
      if (sent.status >= 500) failures.add(`${name} → ${sent.status}`)
      // Echoing an id the caller sent is no leak.
      const leaked = secrets.filter((s) => sent.text.includes(s) && !sent.request.includes(s))
      if (leaked.length > 0) failures.add(`${name} leaks ${leaked.join(', ')}`)
    }

    const inWorkspace = (op: ServedOperation) => !op.isPublic && op.pathParams.includes('workspaceId')

    test('every operation has a fixture for each of its path parameters', () => {
      const unknown = operations.flatMap((op) =>
        op.pathParams.filter((p) => !(p in f.victim.pathValues)).map((p) => `${operationName(op)}: ${p}`),
      )
      expect(unknown).toEqual([])
    })

    test("another organisation's session and API key reach none of the victim's objects", async () => {
      const secrets = [...f.victim.privateSecrets, ...f.victim.objectSecrets]
      for (const op of operations.filter((o) => !o.isPublic)) {
        for (const [actor, who] of [
          ['attacker session', f.attacker.session],
          ['attacker key', f.attacker.key],
        ] as const) {
          const sent = await send(who, op, f.victim.pathValues)
          if (inWorkspace(op)) expectRefused(actor, op, sent, secrets)
          else expectNoLeak(`${actor} ${operationName(op)}`, sent, secrets)
        }
      }
    })

    test('a lower role is refused every write: viewer on write, ingest and manage, analyst on manage', async () => {
      for (const op of operations.filter((o) => !o.isPublic)) {
        const permission = permissionOf(op)
        if (permission === 'read' || permission === 'self') continue
        const refusedTo: [string, TestClient][] = [['viewer', f.victim.viewer]]
        if (permission === 'manage') refusedTo.push(['analyst', f.victim.analyst])
        for (const [actor, who] of refusedTo)
          expectRefused(actor, op, await send(who, op, f.victim.pathValues), [])
      }
    })

    test('a read-scope API key is refused every write', async () => {
      for (const op of operations.filter((o) => !o.isPublic && permissionOf(o) !== 'read'))
        expectRefused('read key', op, await send(f.victim.readKey, op, f.victim.pathValues), [])
    })

    test('an org-unit-limited analyst reaches no customer outside the unit, reading or writing', async () => {
      const { outside } = f.victim
      const outsideSecrets = [outside.id, outside.externalId, outside.name, outside.email, outside.actId]
      const outsidePath = { ...f.victim.pathValues, customerId: outside.id, actId: outside.actId }
      const who = f.victim.northAnalyst
      for (const op of operations.filter(inWorkspace)) {
        const name = `north analyst ${operationName(op)}`
        if (op.pathParams.includes('customerId') || op.pathParams.includes('actId'))
          expectRefused('north analyst', op, await send(who, op, outsidePath), outsideSecrets)
        else if (op.method === 'get')
          expectNoLeak(name, await send(who, op, f.victim.pathValues), outsideSecrets)
      }
      for (const write of unitScopedWrites(f)) {
        const op = operations.find((o) => operationName(o) === write.operation)
        if (!op) throw new Error(`no operation ${write.operation}`)
        const before = await outsideCustomerState(f)
        const sent = await send(who, op, f.victim.pathValues, write.body)
        const name = `north analyst ${write.operation}`
        expectNoLeak(name, sent, outsideSecrets)
        // A batch may report the record as rejected (2xx) instead of refusing the request: judge the effect.
        if (sent.status !== 403 && sent.status !== 404 && (await outsideCustomerState(f)) !== before)
          failures.add(`${name} → ${sent.status} and changed the outside customer`)
      }
    })

    test('an org-unit-limited admin reaches no customer and no member outside the unit', async () => {
      const { outside, outsideMember } = f.victim
      const outsideSecrets = [outside.id, outside.externalId, outside.name, outside.email]
      const outsidePath = {
        ...f.victim.pathValues,
        customerId: outside.id,
        userId: outsideMember.userId,
        actId: outside.actId,
      }
      for (const op of operations.filter(inWorkspace))
        if (['customerId', 'userId', 'actId'].some((p) => op.pathParams.includes(p)))
          expectRefused('north admin', op, await send(f.victim.northAdmin, op, outsidePath), [
            ...outsideSecrets,
            outsideMember.email,
            outsideMember.name,
          ])
      // The refusals above are the unit's: the same admin reaches what is inside it.
      const api = `/api/v1/workspaces/${f.victim.workspaceId}`
      const { customerId, userId } = f.victim.pathValues
      for (const path of [`${api}/customers/${customerId}/export`, `${api}/members/${userId}/sessions/end`]) {
        const method = path.endsWith('/export') ? 'GET' : 'POST'
        expect(`${method} ${path} → ${(await f.victim.northAdmin.request(method, path)).status}`).toBe(
          `${method} ${path} → 200`,
        )
      }
    })

    test('public operations show no private data of the workspace whose ids they are given', async () => {
      const anonymous = client(f.app)
      for (const op of operations.filter((o) => o.isPublic))
        expectNoLeak(
          `public ${operationName(op)}`,
          await send(anonymous, op, f.victim.pathValues),
          f.victim.privateSecrets,
        )
    })

    test('exactly the known holes fail', () => {
      const failed = [...failures]
      const holeOf = (failure: string) =>
        Object.keys(knownHoles).find((hole) => failure.startsWith(`${hole} `))
      expect(failed.filter((failure) => !holeOf(failure))).toEqual([])
      const stillOpen = new Set(failed.map(holeOf))
      expect(Object.keys(knownHoles).filter((hole) => !stillOpen.has(hole))).toEqual([])
    })
  })
}

/** Writes that name the outside customer in their body, each as the north analyst might try it. */
function unitScopedWrites(f: WalkFixture): { operation: string; body: unknown }[] {
  const { outside } = f.victim
  return [
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/ingest/customers',
      body: {
        records: [
          {
            customer_id: outside.externalId,
            name: 'Taken Over',
            email: 'taken@evil.test',
            org_unit: 'north',
          },
        ],
      },
    },
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/ingest/orders',
      body: {
        records: [
          {
            customer_id: outside.externalId,
            order_id: 'EVIL-1',
            ordered_at: '2024-05-01T00:00:00Z',
            amount: '1',
          },
        ],
      },
    },
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/ingest/events',
      body: {
        records: [{ customer_id: outside.externalId, type: 'evil', occurred_at: '2024-05-01T00:00:00Z' }],
      },
    },
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/surveys/{surveyId}/invitations',
      body: { customerId: outside.id },
    },
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/ingest/responses',
      body: [
        'response_id,customer_id,email,answered_at,touchpoint,nps',
        `evil-1,${outside.externalId},,2024-05-01T00:00:00Z,order_delivered,0`,
        `evil-2,,${outside.email},2024-05-02T00:00:00Z,order_delivered,0`,
      ].join('\n'),
    },
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/loyalty/members',
      body: { customerId: outside.id },
    },
    {
      operation: 'POST /api/v1/workspaces/{workspaceId}/loyalty/acts',
      body: {
        customerId: outside.id,
        kind: 'review',
        sourceId: 'evil-review',
        occurredAt: '2024-05-01T00:00:00Z',
      },
    },
  ]
}

/** The outside customer as the owner sees it: record, timeline, invitations, loyalty ledger, acts and answers. */
async function outsideCustomerState(f: WalkFixture): Promise<string> {
  const api = `/api/v1/workspaces/${f.victim.workspaceId}`
  const id = f.victim.outside.id
  const paths = ['', '/timeline', '/survey-invitations'].map((tail) => `${api}/customers/${id}${tail}`)
  paths.push(`${api}/loyalty/members/${id}/entries`, `${api}/loyalty/acts/waiting?limit=500`)
  const parts = await Promise.all(
    paths.map(async (path) => (await f.victim.owner.request('GET', path)).text()),
  )
  const responses = await f.victim.owner.json<{ items: { customerId: string | null }[] }>(
    'GET',
    `${api}/responses?limit=500`,
  )
  const outsideResponses = responses.body.items.filter((r) => r.customerId === id)
  return [...parts, JSON.stringify(outsideResponses)].join('\n')
}
