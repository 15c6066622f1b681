import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { testDrivers } from '../db/test-db.js'
import { type client, setUp, testApp } from '../server/test-client.js'
import { npsDefinition } from '../surveys/test-survey.js'
import { audited, systemActor } from './audit.js'
import { createOrgUnit, findOrgUnitByCode } from './org-units.js'

for (const driver of testDrivers) {
  describe.skipIf(!(await driver.available()))(`audited changes on ${driver.name}`, () => {
    let db: Db
    let app: Awaited<ReturnType<typeof testApp>>['app']
    let owner: ReturnType<typeof client>
    let workspaceId: string

    beforeAll(async () => {
      ;({ app, db } = await testApp(await driver.open()))
      ;({ owner, workspaceId } = await setUp(app))
    })

    afterAll(async () => {
      await db.close()
    })

    const auditRows = async (action: string, entityType: string) => {
      const [row] = await db.query<{ n: number }>(sql`select count(*)::int as n from audit_log
        where workspace_id = ${workspaceId} and action = ${action} and entity_type = ${entityType}`)
      return row?.n ?? 0
    }

    test('a change whose audit entry cannot be written is not kept', async () => {
      // An audit entry for a workspace that does not exist breaks its foreign key, after the change was made.
      const entry = {
        workspaceId: randomUUID(),
        actor: systemActor,
        action: 'create',
        entityType: 'org_unit',
      }
      await expect(
        audited(db, (tx) => createOrgUnit(tx, workspaceId, { code: 'doomed', name: 'Doomed' }), entry),
      ).rejects.toThrow()
      expect(await findOrgUnitByCode(db, workspaceId, 'doomed')).toBeUndefined()
    })

    test('a change and its audit entry are kept together, the entry naming what the change returned', async () => {
      const unit = await audited(
        db,
        (tx) => createOrgUnit(tx, workspaceId, { code: 'kept', name: 'Kept' }),
        (created) => ({
          workspaceId,
          actor: systemActor,
          action: 'kept',
          entityType: 'org_unit',
          entityId: created.id,
        }),
      )
      const rows = await db.query<{ entityId: string }>(
        sql`select entity_id as "entityId" from audit_log where action = 'kept'`,
      )
      expect(rows).toEqual([{ entityId: unit.id }])
    })

    test('each audited route writes exactly one audit entry', async () => {
      const api = `/api/v1/workspaces/${workspaceId}`
      const once = async (
        what: [action: string, entityType: string],
        request: () => Promise<{ status: number; body: unknown }>,
      ) => {
        const before = await auditRows(...what)
        const res = await request()
        expect(res.status, `${what.join(' ')}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
        expect(await auditRows(...what), what.join(' ')).toBe(before + 1)
        return res.body as { id: string }
      }
      await once(['create', 'org_unit'], () =>
        owner.json('POST', `${api}/org-units`, { code: 'east', name: 'East', kind: 'region' }),
      )
      await once(['create', 'api_key'], () =>
        owner.json('POST', `${api}/api-keys`, { name: 'k', scopes: ['read'] }),
      )
      await once(['update', 'segment_settings'], () => owner.json('PUT', `${api}/segments/settings`, {}))
      await once(['create', 'webhook_source'], () =>
        owner.json('POST', `${api}/webhook-sources`, { platform: 'shopify', name: 'Shop' }),
      )
      const settings = await owner.json('GET', `${api}/survey-delivery/settings`)
      await once(['update', 'survey_delivery_settings'], () =>
        owner.json('PUT', `${api}/survey-delivery/settings`, settings.body),
      )
      const survey = await once(['survey.create', 'survey'], () =>
        owner.json('POST', `${api}/surveys`, {
          name: 'Delivery',
          touchpoint: 'order_delivered',
          npsKind: 'transactional',
          definition: npsDefinition,
        }),
      )
      await once(['survey.update', 'survey'], () =>
        owner.json('PUT', `${api}/surveys/${survey.id}`, { status: 'active' }),
      )
      const program = await once(['create', 'survey_program'], () =>
        owner.json('POST', `${api}/survey-programs`, {
          name: 'Web NPS',
          surveyId: survey.id,
          channel: 'widget',
        }),
      )
      await once(['update', 'survey_program'], () =>
        owner.json('PATCH', `${api}/survey-programs/${program.id}`, { name: 'Web NPS 2' }),
      )
      await once(['delete', 'survey_program'], () =>
        owner.json('DELETE', `${api}/survey-programs/${program.id}`),
      )
      // Without orders the fit is stored as failed: a stored fit all the same.
      await once(['fit', 'forecast'], () => owner.json('POST', `${api}/forecasts/fit`, {}))
    })

    test('a route whose audit entry cannot be written keeps none of its change', async () => {
      const api = `/api/v1/workspaces/${workspaceId}`
      // A trigger makes every audit insert fail, the way a full disk or a broken constraint would.
      await db.exec(`create function refuse_audit() returns trigger language plpgsql
          as $$ begin raise exception 'audit refused'; end $$;
        create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit();`)
      try {
        const source = await owner.request('POST', `${api}/webhook-sources`, {
          platform: 'shopify',
          name: 'Unaudited',
        })
        expect(source.status).toBe(500)
        expect(await db.query(sql`select 1 from webhook_sources where name = 'Unaudited'`)).toEqual([])
        const settings = await owner.request('PUT', `${api}/segments/settings`, { abcA: 0.7 })
        expect(settings.status).toBe(500)
        const saved = await owner.json<{ abcA: number }>('GET', `${api}/segments/settings`)
        expect(saved.body.abcA).not.toBe(0.7)
        const fitsBefore = await db.query(sql`select id from forecast_fits`)
        expect((await owner.request('POST', `${api}/forecasts/fit`, {})).status).toBe(500)
        expect(await db.query(sql`select id from forecast_fits`)).toEqual(fitsBefore)
      } finally {
        await db.exec('drop trigger refuse_audit on audit_log; drop function refuse_audit()')
      }
    })

    test('an update of a survey that does not exist writes no audit entry', async () => {
      const before = await auditRows('survey.update', 'survey')
      const res = await owner.json('PUT', `/api/v1/workspaces/${workspaceId}/surveys/${randomUUID()}`, {
        status: 'active',
      })
      expect(res.status).toBe(404)
      expect(await auditRows('survey.update', 'survey')).toBe(before)
    })
  })
}
