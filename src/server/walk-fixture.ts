import type { Hono } from 'hono'
import { createUser, setMembership } from '../access/users.js'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { caseSettingsBody, seedCases } from '../cases/test-cases.js'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import type { AppEnv } from '../http/app-env.js'
import { type OpenApiDocument, operationName, type ServedOperation } from '../http/served-operations.js'
import { evaluateTiers } from '../loyalty/tiers.js'
import { npsDefinition } from '../surveys/test-survey.js'
import { createApp } from './app.js'
import { client, setUp, type TestClient } from './test-client.js'

// Test support for the generated walks: a victim workspace (organisation A) with an org-unit tree and one
// object behind every path parameter, an attacker workspace in organisation B, and a client per actor.

export interface WalkFixture {
  app: Hono<AppEnv>
  document: OpenApiDocument
  victim: {
    workspaceId: string
    owner: TestClient
    viewer: TestClient
    analyst: TestClient
    /** An analyst limited to the org unit "north". */
    northAnalyst: TestClient
    /** An admin limited to the org unit "north": manages members and customers there only. */
    northAdmin: TestClient
    readKey: TestClient
    /** Path parameter → an object of the victim workspace, visible to the north analyst. */
    pathValues: Record<string, string>
    /** The customer in "south", outside the north analyst's unit, and an act of loyalty of theirs. */
    outside: { id: string; externalId: string; name: string; email: string; actId: string }
    /** A member limited to "south", outside the north admin's unit (pathValues.userId is one in "north"). */
    outsideMember: { userId: string; email: string; name: string }
    /** Ids, names and e-mails of people, customers, units and keys: never shown to anyone outside. */
    privateSecrets: string[]
    /** Ids and names of the victim's surveys, programs, invitations and sources: public pages may show some. */
    objectSecrets: string[]
  }
  attacker: { workspaceId: string; session: TestClient; key: TestClient }
}

const password = 'walk password 7731'

async function ok<T>(call: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await call
  if (status >= 300) throw new Error(`fixture: ${what} answered ${status}: ${JSON.stringify(body)}`)
  return body
}

async function logIn(app: Hono<AppEnv>, email: string): Promise<TestClient> {
  const person = client(app)
  await ok(person.json('POST', '/api/v1/auth/login', { email, password }), `login ${email}`)
  return person
}

/** Seeds both workspaces through the API (the second organisation directly: the API cannot make one). */
export async function seedWalkFixture(db: Db): Promise<WalkFixture> {
  const app = createApp({
    db,
    config: loadConfig({ RAPPORT_SURVEY_RATE_LIMIT: '1000000' }),
    webDir: '/nonexistent',
  })
  const document = (await (await app.request('/api/openapi.json')).json()) as OpenApiDocument
  const { owner, workspaceId: ws } = await setUp(app)
  const api = `/api/v1/workspaces/${ws}`

  const unit = (code: string, name: string) =>
    ok(
      owner.json<{ id: string }>('POST', `${api}/org-units`, {
        code,
        name,
        kind: 'region',
        parentCode: 'company',
      }),
      `unit ${code}`,
    )
  const north = await unit('north', 'Victim North Region')
  const south = await unit('south', 'Victim South Region')
  const member = (email: string, role: string, orgUnitId: string | null = null) =>
    ok(
      owner.json<{ userId: string; name: string }>('POST', `${api}/members`, {
        email,
        name: `Victim ${role} ${email.split('@')[0]}`,
        password,
        role,
        orgUnitId,
      }),
      `member ${email}`,
    )
  const viewerUser = await member('victim-viewer@acme.test', 'viewer')
  const analystUser = await member('victim-analyst@acme.test', 'analyst')
  const northUser = await member('victim-north@acme.test', 'analyst', north.id)
  const northAdminUser = await member('victim-north-admin@acme.test', 'admin', north.id)
  // Targets of the member routes, logged in by no actor: a hole there ends no walker's session.
  const northAgent = await member('victim-north-agent@acme.test', 'agent', north.id)
  const southAgent = await member('victim-south-agent@acme.test', 'agent', south.id)

  await ok(
    owner.json('POST', `${api}/ingest/customers`, {
      records: [
        {
          customer_id: 'VICTIM-IN-1',
          name: 'Ivanna Insider',
          email: 'ivanna.insider@victim.test',
          org_unit: 'north',
        },
        {
          customer_id: 'VICTIM-OUT-1',
          name: 'Orest Outsider',
          email: 'orest.outsider@victim.test',
          org_unit: 'south',
        },
      ],
    }),
    'customers',
  )
  await ok(
    owner.json('POST', `${api}/ingest/orders`, {
      records: [
        {
          customer_id: 'VICTIM-IN-1',
          order_id: 'VO-IN-1',
          ordered_at: '2024-03-01T10:00:00Z',
          amount: '41.50',
        },
        {
          customer_id: 'VICTIM-OUT-1',
          order_id: 'VO-OUT-1',
          ordered_at: '2024-03-02T10:00:00Z',
          amount: '77.25',
        },
      ],
    }),
    'orders',
  )
  const customers = await ok(
    owner.json<{ items: { id: string; externalId: string }[] }>('GET', `${api}/customers?limit=10`),
    'customer list',
  )
  const customerId = (externalId: string) => {
    const found = customers.items.find((c) => c.externalId === externalId)
    if (!found) throw new Error(`fixture: customer ${externalId} missing`)
    return found.id
  }
  const insideId = customerId('VICTIM-IN-1')
  const outsideCustomer = {
    id: customerId('VICTIM-OUT-1'),
    externalId: 'VICTIM-OUT-1',
    name: 'Orest Outsider',
    email: 'orest.outsider@victim.test',
  }

  await ok(owner.json('POST', `${api}/segments/recompute`, {}), 'segments')
  await ok(owner.json('POST', `${api}/forecasts/fit`, {}), 'forecast')
  const survey = await ok(
    owner.json<{ id: string; slug: string }>('POST', `${api}/surveys`, {
      name: 'Victim delivery survey',
      touchpoint: 'order_delivered',
      npsKind: 'transactional',
      definition: npsDefinition,
    }),
    'survey',
  )
  await ok(owner.json('PUT', `${api}/surveys/${survey.id}`, { status: 'active' }), 'survey active')
  const program = await ok(
    owner.json<{ id: string }>('POST', `${api}/survey-programs`, {
      name: 'Victim website NPS',
      surveyId: survey.id,
      channel: 'widget',
    }),
    'program',
  )
  const invitation = await ok(
    owner.json<{ invitation: { id: string }; url: string }>(
      'POST',
      `${api}/surveys/${survey.id}/invitations`,
      {
        customerId: insideId,
      },
    ),
    'invitation',
  )
  const token = invitation.url.split('/').pop() ?? ''
  // An answer from each side of the unit boundary, so that the walks see responses to hide.
  const outsideInvitation = await ok(
    owner.json<{ url: string }>('POST', `${api}/surveys/${survey.id}/invitations`, {
      customerId: outsideCustomer.id,
    }),
    'outside invitation',
  )
  for (const [link, clientId] of [
    [token, 'fixture-inside-answer'],
    [outsideInvitation.url.split('/').pop() ?? '', 'fixture-outside-answer'],
  ] as const)
    await ok(
      client(app).json('POST', `/api/v1/public/invitations/${link}/responses`, {
        clientId,
        version: 1,
        language: 'en',
        answers: { nps: 9 },
      }),
      'answer',
    )
  // Insight history: answers imported as CSV on each side of the unit boundary.
  const imported = await owner.request(
    'POST',
    `${api}/ingest/responses?survey=${survey.id}`,
    [
      'response_id,customer_id,answered_at,touchpoint,nps',
      'walk-in-1,VICTIM-IN-1,2024-03-05T09:00:00Z,order_delivered,10',
      'walk-out-1,VICTIM-OUT-1,2024-03-06T09:00:00Z,order_delivered,3',
    ].join('\n'),
    { 'content-type': 'text/csv' },
  )
  if (imported.status !== 200) throw new Error(`fixture: response import answered ${imported.status}`)
  const acts = await seedLoyalty(owner, api, insideId, outsideCustomer.id)
  const memberLink = await ok(
    owner.json<{ json: string }>('POST', `${api}/loyalty/members/${insideId}/view-link`, {}),
    'member link',
  )
  const outside = { ...outsideCustomer, actId: acts.outside }
  const cases = await seedCases(owner, api, insideId)
  // Tiers are evaluated in the background; evaluated now, the members' reads carry a tier to check.
  if ((await evaluateTiers(db, ws, new Date())).length === 0)
    throw new Error('fixture: no member reached a tier')
  const source = await ok(
    owner.json<{ id: string }>('POST', `${api}/webhook-sources`, {
      platform: 'woocommerce',
      name: 'Victim shop',
    }),
    'webhook source',
  )
  // Settings and the import wizard: a unit below north, an open member invitation, an uploaded file, a mapping.
  const below = await ok(
    owner.json<{ id: string }>('POST', `${api}/org-units`, {
      code: 'north-east',
      name: 'Victim North East',
      parentCode: 'north',
    }),
    'unit below north',
  )
  const memberInvitation = await ok(
    owner.json<{ id: string; link: string }>('POST', `${api}/invitations`, {
      email: 'walk-invitee@acme.test',
      role: 'viewer',
      orgUnitId: north.id,
    }),
    'member invitation',
  )
  // Journeys: a journey with a stage and a touchpoint that owns a promise.
  const journey = await ok(
    owner.json<{ id: string; stages: { id: string; touchpoints: { id: string }[] }[] }>(
      'POST',
      `${api}/journeys`,
      {
        name: 'Victim journey',
        stages: [
          {
            name: 'Victim delivery stage',
            touchpoints: [
              {
                key: 'delivery',
                name: 'Victim parcel',
                eventTypes: ['order_delivered'],
                promises: [
                  {
                    name: 'Next day',
                    startEvent: 'order_placed',
                    endEvent: 'order_delivered',
                    limitMinutes: 1440,
                  },
                ],
              },
            ],
          },
        ],
      },
    ),
    'journey',
  )
  const journeyStage = journey.stages[0]
  const journeyTouchpoint = journeyStage?.touchpoints[0]
  if (!journeyStage || !journeyTouchpoint) throw new Error('fixture: the journey has no touchpoint')
  const uploaded = await owner.request(
    'POST',
    `${api}/imports?kind=orders&fileName=walk.csv`,
    'customer_id,order_id,ordered_at,amount\nVICTIM-IN-1,VO-IN-9,2024-03-03T10:00:00Z,5.00\n',
    { 'content-type': 'text/csv' },
  )
  if (uploaded.status !== 201) throw new Error(`fixture: upload answered ${uploaded.status}`)
  const importRun = ((await uploaded.json()) as { run: { id: string } }).run.id
  await ok(
    owner.json('PUT', `${api}/import-mappings/orders`, {
      columns: { customer_id: 'customer_id' },
      dateFormat: 'ISO',
    }),
    'import mapping',
  )
  const key = (scopes: string[]) =>
    ok(
      owner.json<{ id: string; secret: string }>('POST', `${api}/api-keys`, { name: 'victim key', scopes }),
      'key',
    )
  const readKey = await key(['read'])
  const spareKey = await key(['write'])

  const organization = await createOrganization(db, 'Attacker org')
  const attackerWs = await createWorkspace(db, organization.id, 'Attacker shop')
  const attackerUser = await createUser(db, {
    organizationId: organization.id,
    email: 'mallory@attacker.test',
    name: 'Mallory',
    password,
  })
  await setMembership(db, { workspaceId: attackerWs.id, userId: attackerUser.id, role: 'owner' })
  const attackerSession = await logIn(app, 'mallory@attacker.test')
  const attackerKey = await ok(
    attackerSession.json<{ secret: string }>('POST', `/api/v1/workspaces/${attackerWs.id}/api-keys`, {
      name: 'mallory',
      scopes: ['write'],
    }),
    'attacker key',
  )

  return {
    app,
    document,
    victim: {
      workspaceId: ws,
      owner,
      viewer: await logIn(app, 'victim-viewer@acme.test'),
      analyst: await logIn(app, 'victim-analyst@acme.test'),
      northAnalyst: await logIn(app, 'victim-north@acme.test'),
      northAdmin: await logIn(app, 'victim-north-admin@acme.test'),
      readKey: client(app, { bearer: readKey.secret }),
      pathValues: {
        workspaceId: ws,
        customerId: insideId,
        surveyId: survey.id,
        version: '1',
        programId: program.id,
        keyId: spareKey.id,
        sourceId: source.id,
        slug: survey.slug,
        token,
        userId: northAgent.userId,
        actId: acts.inside,
        unitId: below.id,
        invitationId: memberInvitation.id,
        invitationToken: memberInvitation.link.split('/invite/')[1] ?? '',
        importId: importRun,
        kind: 'orders',
        themeKey: 'delivery',
        journeyId: journey.id,
        stageId: journeyStage.id,
        touchpointId: journeyTouchpoint.id,
        ...cases,
        memberToken: decodeURIComponent(memberLink.json.split('/').pop() ?? ''),
      },
      outside,
      outsideMember: {
        userId: southAgent.userId,
        email: 'victim-south-agent@acme.test',
        name: southAgent.name,
      },
      privateSecrets: [
        insideId,
        'VICTIM-IN-1',
        'Ivanna Insider',
        'ivanna.insider@victim.test',
        outside.id,
        outside.externalId,
        outside.name,
        outside.email,
        north.id,
        south.id,
        'Victim North Region',
        readKey.id,
        spareKey.id,
        viewerUser.userId,
        analystUser.userId,
        northUser.userId,
        northAdminUser.userId,
        northAgent.userId,
        southAgent.userId,
        'victim-viewer@acme.test',
        'victim-south-agent@acme.test',
        'owner@acme.test',
      ],
      objectSecrets: [
        survey.id,
        'Victim delivery survey',
        program.id,
        'Victim website NPS',
        invitation.invitation.id,
        source.id,
        'Victim shop',
        acts.inside,
        acts.outside,
        memberInvitation.id,
        importRun,
        journey.id,
        'Victim journey',
        journeyStage.id,
        journeyTouchpoint.id,
        'Victim parcel',
      ],
    },
    attacker: {
      workspaceId: attackerWs.id,
      session: attackerSession,
      key: client(app, { bearer: attackerKey.secret }),
    },
  }
}

/** Loyalty settings, tiers and act rules; both customers enrolled with points; an act of each to thank. */
async function seedLoyalty(
  owner: TestClient,
  api: string,
  insideId: string,
  outsideId: string,
): Promise<{ inside: string; outside: string }> {
  const loyalty = `${api}/loyalty`
  await ok(owner.json('PUT', `${loyalty}/settings`, { expiryDays: 365 }), 'loyalty settings')
  await ok(
    owner.json('PUT', `${loyalty}/tiers`, {
      // The fixture's orders are from 2024: the longest window still holds them.
      windowDays: 3660,
      graceDays: 30,
      tiers: [{ code: 'gold', name: 'Gold', rank: 1, minSpend: '10', benefits: ['Priority support'] }],
    }),
    'loyalty tiers',
  )
  await ok(owner.json('PUT', `${loyalty}/act-rules`, { points: { review: 50 } }), 'act rules')
  for (const [customerId, sourceId] of [
    [insideId, 'VO-IN-1'],
    [outsideId, 'VO-OUT-1'],
  ] as const) {
    await ok(owner.json('POST', `${loyalty}/members`, { customerId }), 'loyalty member')
    await ok(
      owner.json('POST', `${loyalty}/members/${customerId}/credits`, {
        sourceType: 'order',
        sourceId,
        points: 400,
      }),
      'loyalty credit',
    )
  }
  await ok(
    owner.json('POST', `${loyalty}/members/${insideId}/redemptions`, {
      points: 100,
      sourceId: 'walk-reward-1',
    }),
    'loyalty redemption',
  )
  const act = await ok(
    owner.json<{ id: string }>('POST', `${loyalty}/acts`, {
      customerId: insideId,
      kind: 'review',
      sourceId: 'walk-review-1',
      occurredAt: '2024-03-07T09:00:00Z',
    }),
    'loyalty act',
  )
  const outsideAct = await ok(
    owner.json<{ id: string }>('POST', `${loyalty}/acts`, {
      customerId: outsideId,
      kind: 'referral',
      sourceId: 'walk-referral-out-1',
      occurredAt: '2024-03-08T09:00:00Z',
      note: 'Orest Outsider referred a friend',
    }),
    'outside loyalty act',
  )
  return { inside: act.id, outside: outsideAct.id }
}

/**
 * The survey and CSV text of a response import: its body is text/csv, which the document's JSON schemas leave out,
 * and its survey is a query value no schema can name.
 */
export function csvImportOf(
  f: WalkFixture,
  op: ServedOperation,
): { survey: string; csv: string } | undefined {
  if (operationName(op) !== 'POST /api/v1/workspaces/{workspaceId}/ingest/responses') return undefined
  return {
    survey: f.victim.pathValues.surveyId ?? '',
    csv: [
      'response_id,customer_id,answered_at,touchpoint,nps',
      'walk-csv-1,VICTIM-IN-1,2024-03-09T09:00:00Z,order_delivered,8',
    ].join('\n'),
  }
}

/** A valid body where the schema's JSON form cannot say enough (refinements, references to other objects). */
export function validBody(f: WalkFixture, op: ServedOperation): unknown {
  return validBodies(f)[operationName(op)]
}

function validBodies(f: WalkFixture): Record<string, unknown> {
  const ws = '/api/v1/workspaces/{workspaceId}'
  return {
    [`PUT ${ws}/survey-delivery/settings`]: {
      quarantineDays: 30,
      maxPer90Days: 3,
      quietStart: 21,
      quietEnd: 8,
      timezone: 'UTC',
    },
    [`POST ${ws}/survey-programs`]: {
      name: 'Walk',
      surveyId: f.victim.pathValues.surveyId,
      channel: 'widget',
    },
    // "Give code, name or kind" is a refinement beyond JSON Schema.
    [`PATCH ${ws}/org-units/{unitId}`]: { name: 'Walk unit' },
    // The schema's refinement (role or orgUnitId) is beyond JSON Schema.
    [`PATCH ${ws}/members/{userId}`]: { role: 'viewer' },
    // The schema says definition: unknown, which JSON Schema cannot mark as required.
    [`POST ${ws}/survey-estimate`]: { definition: npsDefinition },
    [`PUT ${ws}/case-settings`]: caseSettingsBody,
    // A change links a touchpoint or a theme, and a recipient change gives a message or selected: refinements.
    [`POST ${ws}/changes`]: { title: 'Walk', texts: { '*': 'Changed.' }, touchpoint: 'delivery' },
    [`PATCH ${ws}/outreach-campaigns/{campaignId}/recipients/{customerId}`]: { selected: false },
    // A journey or stage change gives at least one field, a refinement beyond JSON Schema.
    [`PATCH ${ws}/journeys/{journeyId}`]: { name: 'Walk journey' },
    [`PATCH ${ws}/journeys/{journeyId}/stages/{stageId}`]: { name: 'Walk stage' },
    // Enrolment and acts name a customer of the workspace.
    [`POST ${ws}/loyalty/members`]: { customerId: f.victim.pathValues.customerId },
    [`POST ${ws}/loyalty/acts`]: {
      customerId: f.victim.pathValues.customerId,
      kind: 'recommendation',
      sourceId: 'walk-recommendation-1',
      occurredAt: '2024-03-10T09:00:00Z',
    },
    // Tier codes and ranks must be unique, a refinement beyond JSON Schema.
    [`PUT ${ws}/loyalty/tiers`]: {
      windowDays: 365,
      graceDays: 30,
      tiers: [{ code: 'gold', name: 'Gold', rank: 1 }],
    },
    // A referral link must hold {code}, a refinement beyond JSON Schema.
    [`PUT ${ws}/loyalty/referral-settings`]: { returnDays: 30, limit: null, limitDays: 30, link: null },
    // The refund may not exceed the order amount, nor the order amount be 0.
    [`POST ${ws}/loyalty/members/{customerId}/reversals`]: {
      sourceId: 'VO-IN-1',
      reference: 'walk-refund-1',
      refundAmount: '1.00',
      orderAmount: '41.50',
    },
  }
}
