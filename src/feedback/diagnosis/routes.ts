import type { Hono } from 'hono'
import { z } from 'zod'
import { authorizeWorkspace } from '../../access/authenticate.js'
import { orgUnitInScope } from '../../access/unit-scope.js'
import type { WorkspaceAccess } from '../../access/workspace-access.js'
import { settingRoutes } from '../../access/workspace-setting.js'
import type { Db } from '../../db/db.js'
import { isUuid } from '../../db/is-uuid.js'
import { ApiRouter } from '../../http/api-router.js'
import type { AppEnv } from '../../http/app-env.js'
import { csvDownload } from '../../http/csv-download.js'
import { notFound } from '../../http/errors.js'
import { sortQuery } from '../../http/order-by.js'
import { pagingQuery, paramsWith, workspaceParams } from '../../http/route-params.js'
import {
  allDiagnosedCustomers,
  type DiagnosisScope,
  diagnosisSorts,
  getCustomerDiagnosis,
  getDiagnosisMatrix,
  listDiagnosedCustomers,
  type SegmentResultsOf,
} from './diagnosis.sql.js'
import { diagnosisCsvHeader, diagnosisCsvRow } from './diagnosis-csv.js'
import { getDiagnosisSettings, saveDiagnosisSettings } from './diagnosis-settings.js'
import { diagnosisSettingsSchema, type Quadrant, quadrants } from './quadrant.js'
import { diagnosedCustomerPageSchema, diagnosedCustomerSchema, diagnosisMatrixSchema } from './responses.js'

export interface DiagnosisRouteOptions {
  /** The workspace's current RFM results (customer_id, r, f, monetary, as_of). */
  segmentResults: SegmentResultsOf
}

const unitQuery = z.object({
  orgUnitId: z.uuid().optional().describe('only the customers of this org unit and the units below it'),
})
const listQuery = unitQuery.extend({
  quadrant: z.enum(quadrants).optional(),
  ...sortQuery(diagnosisSorts, 'by revenue, largest first; ties by external id'),
})

/** A quadrant's place in the 2×2 (attitude, patronage); unknown has neither. */
function axesOf(quadrant: Quadrant): [string, string] {
  const axes: Record<Quadrant, [string, string]> = {
    true_loyalty: ['high', 'high'],
    latent_loyalty: ['high', 'low'],
    spurious_loyalty: ['low', 'high'],
    no_loyalty: ['low', 'low'],
    unknown: ['', ''],
  }
  return axes[quadrant]
}

/** The scope of a read: the caller's, narrowed to an org unit of theirs when asked (404 for any other unit). */
async function scopeOf(
  db: Db,
  access: WorkspaceAccess,
  orgUnitId: string | undefined,
): Promise<DiagnosisScope> {
  if (orgUnitId && !(await orgUnitInScope(db, access, orgUnitId))) throw notFound('org unit')
  return { access, ...(orgUnitId ? { orgUnitId } : {}) }
}

/** Loyalty diagnosis (Dick & Basu): the quadrant matrix, its customers and CSV, one customer's, the thresholds. */
export function diagnosisRoutes(app: Hono<AppEnv>, options: DiagnosisRouteOptions): ApiRouter {
  const api = new ApiRouter(app, '/api/v1')
  const tags = ['loyalty diagnosis']
  const base = '/workspaces/:workspaceId/diagnosis'
  const results = options.segmentResults

  api.route(
    {
      method: 'get',
      path: base,
      tags,
      params: workspaceParams,
      query: unitQuery,
      summary:
        'Customers and revenue per loyalty quadrant (true, latent, spurious, no loyalty, unknown), with the thresholds',
      response: diagnosisMatrixSchema,
    },
    async (c, { params, query }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'read')
      const scope = await scopeOf(db, access, query.orgUnitId)
      const settings = await getDiagnosisSettings(db, access.workspaceId)
      const matrix = await getDiagnosisMatrix(db, results, scope, settings)
      return c.json({ ...matrix, orgUnitId: query.orgUnitId ?? null, settings })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}.csv`,
      tags,
      params: workspaceParams,
      query: unitQuery,
      summary: 'The matrix as CSV: quadrant, attitude, patronage, customers, revenue',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'read')
      const scope = await scopeOf(db, access, query.orgUnitId)
      const settings = await getDiagnosisSettings(db, access.workspaceId)
      const { cells } = await getDiagnosisMatrix(db, results, scope, settings)
      return csvDownload(
        c,
        'loyalty-diagnosis-matrix.csv',
        ['quadrant', 'attitude', 'patronage', 'customers', 'revenue'],
        (async function* () {
          yield cells
        })(),
        (cell) => [cell.quadrant, ...axesOf(cell.quadrant), cell.customers, cell.revenue],
      )
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/customers`,
      tags,
      params: workspaceParams,
      query: listQuery.extend(pagingQuery().shape),
      summary: 'The diagnosed customers of a quadrant (or all), largest revenue first or sorted, with paging',
      response: diagnosedCustomerPageSchema,
    },
    async (c, { params, query }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'read')
      const { quadrant, orgUnitId, ...page } = query
      const scope = await scopeOf(db, access, orgUnitId)
      const settings = await getDiagnosisSettings(db, access.workspaceId)
      const found = await listDiagnosedCustomers(db, results, scope, settings, quadrant, page)
      return c.json({ ...found, limit: page.limit, offset: page.offset })
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/customers.csv`,
      tags,
      params: workspaceParams,
      query: listQuery,
      summary:
        'The same customers as CSV, in the same order, each with their quadrant and what it comes from',
      responseType: 'text/csv',
      response: z.string(),
    },
    async (c, { params, query }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'read')
      const scope = await scopeOf(db, access, query.orgUnitId)
      const settings = await getDiagnosisSettings(db, access.workspaceId)
      return csvDownload(
        c,
        'loyalty-diagnosis.csv',
        diagnosisCsvHeader,
        allDiagnosedCustomers(db, results, scope, settings, query.quadrant, query),
        diagnosisCsvRow,
      )
    },
  )

  api.route(
    {
      method: 'get',
      path: `${base}/customers/:customerId`,
      tags,
      params: paramsWith('customerId'),
      summary: "One customer's loyalty quadrant, relative attitude (and its source) and repeat patronage",
      response: diagnosedCustomerSchema,
    },
    async (c, { params }) => {
      const db = c.var.db
      const access = await authorizeWorkspace(c, db, params.workspaceId, 'read')
      const settings = await getDiagnosisSettings(db, access.workspaceId)
      const row = isUuid(params.customerId)
        ? await getCustomerDiagnosis(db, results, access, params.customerId, settings)
        : undefined
      if (!row) throw notFound('customer')
      return c.json(row)
    },
  )

  settingRoutes(api, {
    path: '/diagnosis/settings',
    tags,
    summary: {
      read: 'The loyalty diagnosis thresholds (NPS and commitment bands, the medium band, RFM patronage)',
      change: 'Change the loyalty diagnosis thresholds (missing ones take the defaults); they apply at once',
    },
    schema: diagnosisSettingsSchema,
    entityType: 'diagnosis_settings',
    load: getDiagnosisSettings,
    save: saveDiagnosisSettings,
  })

  return api
}
