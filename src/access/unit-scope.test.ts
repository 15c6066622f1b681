import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { createOrgUnit, type OrgUnit } from './org-units.js'
import {
  customerInUnit,
  inUnitTree,
  orgUnitInScope,
  ownUnitId,
  unitPathInScope,
  unitScope,
} from './unit-scope.js'
import { createOrganization, createWorkspace } from './workspaces.js'

test('a unit path is in scope when it lies at or below the caller unit; no limit covers everything', () => {
  const access = { workspaceId: 'w', unitPath: '/a/b/' }
  expect(unitPathInScope(access, '/a/b/')).toBe(true)
  expect(unitPathInScope(access, '/a/b/c/')).toBe(true)
  expect(unitPathInScope(access, '/a/')).toBe(false)
  expect(unitPathInScope(access, '/a/bc/')).toBe(false)
  expect(unitPathInScope(access, null)).toBe(false)
  expect(unitPathInScope({ workspaceId: 'w', unitPath: null }, null)).toBe(true)
  expect(ownUnitId(access)).toBe('b')
  expect(ownUnitId({ workspaceId: 'w', unitPath: null })).toBeNull()
})

test('the org-unit rule is written once: no module outside access/ spells a unit tree of its own', () => {
  const src = new URL('..', import.meta.url).pathname
  const modules = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('access/'),
  )
  expect(modules.length).toBeGreaterThan(100)
  // What unitScope, inUnitTree and visibleCustomers build: a unit id among the ids of a subtree of org_units.
  const copies = modules.filter((f) =>
    /org_unit_id\s+in\s*\(\s*select/i.test(readFileSync(join(src, f), 'utf8')),
  )
  expect(copies).toEqual([])
})

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`unit scope on ${driver.name}`, () => {
    let db: Db
    let ws: string
    let otherWs: string
    const unit: Record<string, OrgUnit> = {}
    const customer: Record<string, string> = {}

    beforeAll(async () => {
      db = await driver.open()
      const org = await createOrganization(db, 'Org')
      ws = (await createWorkspace(db, org.id, 'Shop')).id
      otherWs = (await createWorkspace(db, org.id, 'Other')).id
      unit.top = await createOrgUnit(db, ws, { code: 'top', name: 'Top' })
      unit.north = await createOrgUnit(db, ws, { code: 'north', name: 'North', parentCode: 'top' })
      unit.kyiv = await createOrgUnit(db, ws, { code: 'kyiv', name: 'Kyiv', parentCode: 'north' })
      unit.south = await createOrgUnit(db, ws, { code: 'south', name: 'South', parentCode: 'top' })
      for (const [externalId, unitId, workspace] of [
        ['n', unit.north.id, ws],
        ['k', unit.kyiv.id, ws],
        ['s', unit.south.id, ws],
        ['none', null, ws],
        ['elsewhere', null, otherWs],
      ] as const) {
        const [row] = await db.query<{
          id: string
        }>(sql`insert into customers (workspace_id, external_id, org_unit_id)
          values (${workspace}, ${externalId}, ${unitId}) returning id`)
        customer[externalId] = row?.id ?? ''
      }
    })

    afterAll(async () => {
      await db.close()
    })

    const seen = async (unitPath: string | null) =>
      (
        await db.query<{ id: string }>(sql`select external_id as id from customers c
          where c.workspace_id = ${ws} and ${unitScope({ workspaceId: ws, unitPath }, sql`c.org_unit_id`)} order by 1`)
      ).map((r) => r.id)

    test('the fragment keeps a unit and below; no limit keeps the whole workspace, units or none', async () => {
      expect(await seen(unit.north?.path ?? '')).toEqual(['k', 'n'])
      expect(await seen(unit.kyiv?.path ?? '')).toEqual(['k'])
      expect(await seen(null)).toEqual(['k', 'n', 'none', 's'])
    })

    const inTree = async (workspaceId: string, unitId: string) =>
      (
        await db.query<{ id: string }>(sql`select external_id as id from customers c
          where ${inUnitTree(workspaceId, sql`c.org_unit_id`, unitId)} order by 1`)
      ).map((r) => r.id)

    test('a unit tree by id holds the unit and below, only in its own workspace', async () => {
      expect(await inTree(ws, unit.north?.id ?? '')).toEqual(['k', 'n'])
      expect(await inTree(ws, unit.top?.id ?? '')).toEqual(['k', 'n', 's'])
      expect(await inTree(otherWs, unit.north?.id ?? '')).toEqual([])
    })

    test('a customer or unit outside the caller unit, or in another workspace, is not in scope', async () => {
      const north = { workspaceId: ws, unitPath: unit.north?.path ?? '' }
      expect(await customerInUnit(db, north, customer.k ?? '')).toBe(true)
      expect(await customerInUnit(db, north, customer.s ?? '')).toBe(false)
      expect(await customerInUnit(db, north, customer.none ?? '')).toBe(false)
      expect(await customerInUnit(db, { workspaceId: ws, unitPath: null }, customer.elsewhere ?? '')).toBe(
        false,
      )
      expect(await orgUnitInScope(db, north, unit.kyiv?.id ?? '')).toBe(true)
      expect(await orgUnitInScope(db, north, unit.top?.id ?? '')).toBe(false)
      expect(await orgUnitInScope(db, { workspaceId: otherWs, unitPath: null }, unit.kyiv?.id ?? '')).toBe(
        false,
      )
    })
  })
}
