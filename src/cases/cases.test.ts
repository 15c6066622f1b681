import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { secondPool, testDrivers } from '../db/test-db.js'
import { addNote, changeCase, getCase, listCases, openCase, recordInbound, recordReply } from './cases.js'
import { resolveOwner, unitManager } from './owners.js'
import { getCaseSettings, setCaseSettings } from './settings.js'
import { caseWorkspace } from './test-cases.js'
import { escalateBreaches, openSignalCases } from './work.js'

// The default calendar: weekdays 09:00–17:00 UTC. 23 March 2026 is a Monday. Normal priority: first reply in
// 8 business hours, resolution in 40. Expected instants worked by hand in each test.

const monday9 = new Date('2026-03-23T09:00:00Z')
const whole = (workspaceId: string) => ({ workspaceId, unitPath: null })

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`cases on ${driver.name}`, () => {
    let db: Db
    let w: Awaited<ReturnType<typeof caseWorkspace>>
    let people: Record<'northAgent' | 'northAdmin' | 'owner' | 'rigaAgent' | 'courier', string>

    beforeAll(async () => {
      db = await driver.open()
      w = await caseWorkspace(db)
      people = {
        northAgent: await w.person('NorthAgent', 'agent', w.units.north.id),
        northAdmin: await w.person('NorthAdmin', 'admin', w.units.north.id),
        owner: await w.person('Owner', 'owner', null),
        rigaAgent: await w.person('RigaAgent', 'agent', w.units.riga.id),
        courier: await w.person('Courier', 'agent', null),
      }
    })
    afterAll(async () => {
      await db.close()
    })

    test('owner: the touchpoint owner first, else the nearest unit up the tree with an agent', async () => {
      const ws = w.workspaceId
      // Riga has an agent: the Riga agent owns a Riga customer's case.
      expect(await resolveOwner(db, ws, { touchpoint: null, orgUnitId: w.units.riga.id })).toMatchObject({
        userId: people.rigaAgent,
        how: 'unit',
      })
      // The company has no agent of its own and nothing above: nobody.
      expect(
        (await resolveOwner(db, ws, { touchpoint: null, orgUnitId: w.units.company.id })).userId,
      ).toBeNull()
      await db.query(sql`insert into case_touchpoint_owners (workspace_id, touchpoint, user_id)
        values (${ws}, 'courier', ${people.courier})`)
      expect(await resolveOwner(db, ws, { touchpoint: 'courier', orgUnitId: w.units.riga.id })).toMatchObject(
        {
          userId: people.courier,
          how: 'touchpoint',
        },
      )
    })

    test('owner: a unit without an agent walks up to its parent', async () => {
      const unitless = await db.query<{
        id: string
      }>(sql`select id from org_units where workspace_id = ${w.workspaceId}
        and code = 'riga'`)
      expect(unitless).toHaveLength(1)
      const tallinn = await db.query<{ id: string; path: string }>(sql`insert into org_units
          (workspace_id, parent_id, code, name, path)
        select ${w.workspaceId}, id, 'tallinn', 'Tallinn', path || gen_random_uuid()::text || '/'
        from org_units where id = ${w.units.north.id} returning id, path`)
      const owner = await resolveOwner(db, w.workspaceId, { touchpoint: null, orgUnitId: tallinn[0]!.id })
      expect(owner).toMatchObject({ userId: people.northAgent, orgUnitId: tallinn[0]!.id, how: 'unit' })
    })

    test('the manager of a Riga case is the admin of North, the nearest unit above with one', async () => {
      expect(await unitManager(db, w.workspaceId, w.units.riga.id)).toBe(people.northAdmin)
      expect(await unitManager(db, w.workspaceId, w.units.company.id)).toBe(people.owner)
    })

    test('a case gets its SLA targets in business hours, and a second open with the same key is refused', async () => {
      const customer = await w.customer('sla-1', w.units.riga.id)
      const k = await openCase(
        db,
        w.workspaceId,
        {
          source: 'manual',
          sourceKey: 'manual:sla-1',
          customerId: customer,
          subject: 'Late',
          priority: 'normal',
        },
        monday9,
      )
      expect(k?.firstReplyDueAt).toEqual(new Date('2026-03-23T17:00:00Z'))
      expect(k?.resolutionDueAt).toEqual(new Date('2026-03-27T17:00:00Z'))
      expect(k?.ownerUserId).toBe(people.rigaAgent)
      expect(k?.number).toBeGreaterThan(0)
      const again = await openCase(
        db,
        w.workspaceId,
        {
          source: 'manual',
          sourceKey: 'manual:sla-1',
          customerId: customer,
          subject: 'Late',
          priority: 'normal',
        },
        monday9,
      )
      expect(again).toBeUndefined()
    })

    test('waiting on the customer pauses the resolution clock; their answer starts it again', async () => {
      const access = whole(w.workspaceId)
      const customer = await w.customer('wait-1', w.units.riga.id)
      const k = (await openCase(
        db,
        w.workspaceId,
        { source: 'manual', customerId: customer, subject: 'Broken', priority: 'normal' },
        monday9,
      ))!
      await recordReply(
        db,
        access,
        people.rigaAgent,
        k.id,
        { body: 'Sorry!', channel: 'phone' },
        new Date('2026-03-23T09:30:00Z'),
      )
      const waiting = await changeCase(
        db,
        access,
        people.rigaAgent,
        k.id,
        { status: 'waiting_on_customer' },
        new Date('2026-03-23T10:00:00Z'),
      )
      expect(waiting.resolutionDueAt).toBeNull()
      const [token] = await db.query<{ t: string }>(
        sql`select reply_token as t from cases where id = ${k.id}`,
      )
      await recordInbound(
        db,
        token!.t,
        { from: 'c@x.test', subject: 'Re', text: 'Here is the photo' },
        new Date('2026-03-24T10:00:00Z'),
      )
      const back = (await getCase(db, access, k.id, new Date('2026-03-24T10:00:00Z')))!
      expect(back.status).toBe('in_progress')
      // 40 h less the 8 business hours waited (Mon 10–17, Tue 9–10): due Monday 30 March 17:00.
      expect(back.resolutionDueAt).toEqual(new Date('2026-03-30T17:00:00Z'))
      expect(back.firstReplyAt).toEqual(new Date('2026-03-23T09:30:00Z'))
      expect(back.events.map((e) => e.kind)).toEqual(['opened', 'reply', 'status', 'inbound', 'status'])
    })

    test('resolving and closing take a resolution summary', async () => {
      const access = whole(w.workspaceId)
      const k = (await openCase(db, w.workspaceId, {
        source: 'manual',
        customerId: null,
        subject: 'x',
        priority: 'low',
      }))!
      await expect(changeCase(db, access, people.owner, k.id, { status: 'resolved' })).rejects.toMatchObject({
        field: 'resolutionSummary',
      })
      await expect(changeCase(db, access, people.owner, k.id, { status: 'closed' })).rejects.toMatchObject({
        field: 'status',
      })
      await addNote(db, access, people.owner, k.id, 'called the courier')
      const resolved = await changeCase(db, access, people.owner, k.id, {
        status: 'resolved',
        resolutionSummary: 'Refunded the delivery; the courier now calls ahead.',
      })
      expect(resolved.status).toBe('resolved')
      const closed = await changeCase(db, access, people.owner, k.id, { status: 'closed' })
      expect(closed.closedAt).not.toBeNull()
      const seen = await getCase(db, access, k.id)
      expect(seen?.events.map((e) => e.kind)).toEqual(['opened', 'note', 'resolved', 'closed'])
    })

    test('an agent of Riga sees Riga cases only, and cannot change a case outside it', async () => {
      const north = await w.customer('scope-n', w.units.north.id)
      const k = (await openCase(db, w.workspaceId, {
        source: 'manual',
        customerId: north,
        subject: 'n',
        priority: 'low',
      }))!
      const rigaPath = (
        await db.query<{ path: string }>(sql`select path from org_units where id = ${w.units.riga.id}`)
      )[0]!.path
      const rigaAccess = { workspaceId: w.workspaceId, unitPath: rigaPath }
      const list = await listCases(db, rigaAccess, {}, { limit: 500, offset: 0 })
      expect(list.items.some((c) => c.id === k.id)).toBe(false)
      expect(list.items.every((c) => c.orgUnitId === w.units.riga.id)).toBe(true)
      expect(await getCase(db, rigaAccess, k.id)).toBeUndefined()
      await expect(addNote(db, rigaAccess, people.rigaAgent, k.id, 'x')).rejects.toMatchObject({
        kind: 'not_found',
      })
    })

    test('a breached first reply escalates to the unit manager exactly once, even from two workers at once', async () => {
      const customer = await w.customer('esc-1', w.units.riga.id)
      const k = (await openCase(
        db,
        w.workspaceId,
        { source: 'manual', customerId: customer, subject: 'No answer', priority: 'normal' },
        monday9,
      ))!
      // Not yet due at 16:59; due at 17:00 and breached by 18:00.
      await escalateBreaches(db, new Date('2026-03-23T16:59:00Z'))
      expect(await escalations(k.id)).toEqual([])
      const other = driver.name === 'postgres' ? await secondPool(db) : db
      await Promise.all([
        escalateBreaches(db, new Date('2026-03-23T18:00:00Z')),
        escalateBreaches(other, new Date('2026-03-23T18:00:00Z')),
      ])
      await escalateBreaches(db, new Date('2026-03-23T19:00:00Z'))
      if (other !== db) await other.close()
      expect(await escalations(k.id)).toEqual([{ kind: 'first_reply', manager: people.northAdmin }])
      const events = await db.query(
        sql`select 1 from case_events where case_id = ${k.id} and kind = 'escalated'`,
      )
      expect(events).toHaveLength(1)
      const alerts = await db.query(
        sql`select 1 from jobs where dedupe_key = ${`case-alert:${k.id}:first_reply`}`,
      )
      expect(alerts).toHaveLength(1)
      // The resolution target (Friday 17:00) is a second breach, escalated once more.
      await escalateBreaches(db, new Date('2026-03-27T17:30:00Z'))
      expect((await escalations(k.id)).map((e) => e.kind)).toEqual(['first_reply', 'resolution'])
    })

    test('touchpoint owners are set with the settings; a non-member is refused, naming the entry', async () => {
      const settings = await getCaseSettings(db, w.workspaceId)
      const saved = await setCaseSettings(db, w.workspaceId, {
        ...settings,
        touchpointOwners: [{ touchpoint: 'returns', userId: people.northAgent }],
      })
      expect(saved.touchpointOwners).toEqual([{ touchpoint: 'returns', userId: people.northAgent }])
      await expect(
        setCaseSettings(db, w.workspaceId, {
          ...settings,
          touchpointOwners: [{ touchpoint: 'returns', userId: '00000000-0000-4000-8000-000000000000' }],
        }),
      ).rejects.toMatchObject({ field: 'touchpointOwners.0.userId' })
    })

    test('a behavioural signal opens one case per customer and occurrence, owned up the unit tree', async () => {
      const customer = await w.customer('signal-1', w.units.riga.id)
      const read = async (_db: Db, workspaceId: string) =>
        workspaceId === w.workspaceId
          ? [
              {
                customerId: customer,
                kind: 'habit_broken' as const,
                key: '2026-03-01',
                detail: 'Habit broken',
              },
            ]
          : []
      expect(await openSignalCases(db, read, monday9)).toBe(1)
      expect(await openSignalCases(db, read, monday9)).toBe(0)
      const [k] = await db.query<{ source: string; owner: string }>(sql`select source, owner_user_id as owner
        from cases where customer_id = ${customer}`)
      expect(k).toEqual({ source: 'signal', owner: people.rigaAgent })
    })

    async function escalations(caseId: string) {
      return db.query<{ kind: string; manager: string | null }>(sql`select kind, manager_user_id as manager
        from case_escalations where case_id = ${caseId} order by kind`)
    }
  })
}
