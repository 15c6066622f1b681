import { inUnitTree, type UnitAccess, visibleCustomers } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import { type Sql, sql } from '../../db/sql.js'
import { orderBy, type SortDir } from '../../http/order-by.js'
import type { AttitudeBand, AttitudeSource, DiagnosisSettings, Level, Quadrant } from './quadrant.js'
import { quadrants } from './quadrant.js'

// The loyalty diagnosis of every customer of a workspace in one set-based query: what each customer said last
// (relational NPS, else affective commitment) joined with what they did (the current RFM scores). The rules
// are those of quadrant.ts; the test checks the two against each other.

/**
 * The workspace's current RFM results as a relation with customer_id, r, f, monetary and as_of. Passed in by
 * the composition root (the segments capability's current results): segments reach feedback through cases,
 * so feedback may not import segments.
 */
export type SegmentResultsOf = (workspaceId: string) => Sql

export interface DiagnosisScope {
  access: UnitAccess
  /** Only the customers of this org unit and the units below it (already checked to be in the caller's scope). */
  orgUnitId?: string
  /** Only this customer. */
  customerId?: string
}

/**
 * What the customer said last: their latest relational NPS answer, and for those without one, the mean of the
 * affective statements of their latest commitment battery answer. `customers` narrows the responses read to the
 * customers in scope (a unit's, or one), so that a narrow view does not read the whole workspace's answers.
 */
function heard(workspaceId: string, customers: Sql | undefined): Sql {
  const inScope = customers ? sql`and r.customer_id in (${customers})` : sql.empty
  const answered = sql`coalesce(r.completed_at, r.updated_at)`
  return sql`scale_questions as (
      select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype,
        coalesce((q->>'points')::numeric, 7) as points,
        array(select st->>'id' from jsonb_array_elements(coalesce(q->'statements', '[]')) st
          where left(st->>'id', 10) = 'affective_') as affective
      from survey_versions v
      cross join lateral jsonb_array_elements(v.definition->'pages') page
      cross join lateral jsonb_array_elements(page->'questions') q
      where v.workspace_id = ${workspaceId} and q->>'type' in ('nps', 'battery')
    ),
    nps as (
      select distinct on (r.customer_id) r.customer_id, (r.answers->>q.qid)::numeric as score
      from responses r join scale_questions q on q.survey_id = r.survey_id and q.version = r.survey_version
      where r.workspace_id = ${workspaceId} and r.customer_id is not null ${inScope}
        and r.nps_kind = 'relational' and q.qtype = 'nps' and jsonb_typeof(r.answers->q.qid) = 'number'
      order by r.customer_id, ${answered} desc, r.id
    ),
    latest_commitment as (
      select distinct on (r.customer_id) r.customer_id, r.answers->q.qid as battery, q.affective, q.points
      from responses r join scale_questions q on q.survey_id = r.survey_id and q.version = r.survey_version
      where r.workspace_id = ${workspaceId} and r.customer_id is not null ${inScope}
        and q.qtype = 'battery' and q.points > 1 and cardinality(q.affective) > 0
        and jsonb_typeof(r.answers->q.qid) = 'object' and (r.answers->q.qid) ?| q.affective
      order by r.customer_id, ${answered} desc, r.id
    ),
    -- Materialised: each mean is computed once, not once for every place of the quadrant's rules that reads it.
    commitment as materialized (
      -- The affective statements' mean, rescaled to the 1–7 agreement scale when the battery has other points.
      select l.customer_id, (select avg(1 + ((l.battery->>x)::numeric - 1) * 6 / (l.points - 1))
          from unnest(l.affective) x where jsonb_typeof(l.battery->x) = 'number') as mean
      from latest_commitment l
    )`
}

/**
 * One row per visible customer with the diagnosis's columns: source, band, attitude, patronage, quadrant, and the
 * figures they come from (score, mean, r, f, monetary).
 */
function diagnosedCustomers(results: SegmentResultsOf, scope: DiagnosisScope, s: DiagnosisSettings): Sql {
  const ws = scope.access.workspaceId
  const where = [visibleCustomers(scope.access)]
  if (scope.orgUnitId) where.push(inUnitTree(ws, sql`c.org_unit_id`, scope.orgUnitId))
  if (scope.customerId) where.push(sql`c.id = ${scope.customerId}`)
  const narrowed =
    scope.access.unitPath !== null || scope.orgUnitId !== undefined || scope.customerId !== undefined
  const customers = narrowed ? sql`select c.id from customers c where ${sql.join(where, ' and ')}` : undefined
  const band = (value: Sql, high: number, low: number) =>
    sql`case when ${value} >= ${high} then 'high' when ${value} <= ${low} then 'low' else 'medium' end`
  return sql`with ${heard(ws, customers)}
    select c.id, c.external_id, c.name, c.email, n.score, m.mean, s.r, s.f, s.monetary, s.as_of,
      a.source, a.band, p.attitude, p.patronage,
      case when p.attitude is null then 'unknown'
        when p.attitude = 'high' and p.patronage = 'high' then 'true_loyalty'
        when p.attitude = 'high' then 'latent_loyalty'
        when p.patronage = 'high' then 'spurious_loyalty'
        else 'no_loyalty' end as quadrant
    from customers c
    left join ${results(ws)} s on s.customer_id = c.id
    left join nps n on n.customer_id = c.id
    left join commitment m on m.customer_id = c.id and n.score is null
    cross join lateral (select
        case when n.score is not null then 'nps' when m.mean is not null then 'commitment' end as source,
        case when n.score is not null then ${band(sql`n.score`, s.npsHighMin, s.npsLowMax)}
          when m.mean is not null then ${band(sql`m.mean`, s.commitmentHighMin, s.commitmentLowMax)} end as band) a
    cross join lateral (select
        case a.band when 'medium' then ${s.mediumAttitude}::text else a.band end as attitude,
        case when s.f >= ${s.patronageFMin} and s.r >= ${s.patronageRMin} then 'high' else 'low' end as patronage) p
    where ${sql.join(where, ' and ')}`
}

export interface DiagnosisCell {
  quadrant: Quadrant
  customers: number
  /** The cell's customers' monetary value in the current RFM results (0 for those without purchases). */
  revenue: string
}

/** Customers and revenue per quadrant (every quadrant, empty ones with zeros), and the RFM analysis date. */
export async function getDiagnosisMatrix(
  db: Db,
  results: SegmentResultsOf,
  scope: DiagnosisScope,
  settings: DiagnosisSettings,
): Promise<{ cells: DiagnosisCell[]; asOf: string | null }> {
  const rows = await db.query<{
    quadrant: Quadrant
    customers: number
    revenue: string
    asOf: string | null
  }>(
    sql`select d.quadrant, count(*)::int as customers, trim_scale(coalesce(sum(d.monetary), 0))::text as revenue,
        max(d.as_of)::text as "asOf"
      from (${diagnosedCustomers(results, scope, settings)}) d group by d.quadrant`,
  )
  const byQuadrant = new Map(rows.map((r) => [r.quadrant, r]))
  return {
    cells: quadrants.map((quadrant) => {
      const row = byQuadrant.get(quadrant)
      return { quadrant, customers: row?.customers ?? 0, revenue: row?.revenue ?? '0' }
    }),
    asOf: rows.reduce<string | null>(
      (latest, r) => (r.asOf && (!latest || r.asOf > latest) ? r.asOf : latest),
      null,
    ),
  }
}

export interface DiagnosedCustomer {
  id: string
  externalId: string
  name: string | null
  email: string | null
  quadrant: Quadrant
  attitudeSource: AttitudeSource | null
  attitudeBand: AttitudeBand | null
  attitude: Level | null
  patronage: Level
  /** The latest relational NPS answer, 0–10. */
  nps: number | null
  /** Where no NPS answer exists: the latest affective-commitment mean on 1–7 (4 decimals). */
  commitmentMean: string | null
  r: number | null
  f: number | null
  monetary: string | null
  /** The date of the RFM analysis the patronage comes from; null when the customer has none. */
  asOf: string | null
}

const customerColumns = sql`d.id, d.external_id as "externalId", d.name, d.email, d.quadrant,
  d.source as "attitudeSource", d.band as "attitudeBand", d.attitude, d.patronage, d.score::int as nps,
  trim_scale(round(d.mean, 4))::text as "commitmentMean", d.r::int as r, d.f::int as f,
  trim_scale(d.monetary)::text as monetary, d.as_of::text as "asOf"`

/** The columns the diagnosed customers list sorts by on the server. */
export const diagnosisSorts = ['external_id', 'name', 'quadrant', 'attitude', 'rf', 'revenue'] as const
export type DiagnosisSort = (typeof diagnosisSorts)[number]
/** The list's order; by revenue, largest first, when no column is chosen. */
export interface DiagnosisOrder {
  sort?: DiagnosisSort | undefined
  dir?: SortDir | undefined
}

const diagnosisSortColumns: Record<DiagnosisSort, Sql> = {
  external_id: sql`d.external_id collate "C"`,
  name: sql`d.name`,
  // The quadrants in their declared order (true loyalty first), not by their codes' spelling.
  quadrant: sql`case d.quadrant ${sql.join(
    quadrants.map((q, i) => sql`when ${q} then ${i}::int`),
    ' ',
  )} end`,
  // Low, low from a medium band, high from a medium band, high; the never heard have none and come last.
  attitude: sql`case when d.attitude = 'low' then (case when d.band = 'medium' then 1 else 0 end)
    when d.attitude = 'high' then (case when d.band = 'medium' then 2 else 3 end) end`,
  // Scores are 1 to 5, so this orders by R, then F.
  rf: sql`d.r * 10 + d.f`,
  revenue: sql`d.monetary`,
}

function diagnosisOrderBy(order: DiagnosisOrder): Sql {
  if (!order.sort) return sql`d.monetary desc nulls last, d.external_id collate "C"`
  return orderBy(diagnosisSortColumns, { sort: order.sort, dir: order.dir }, [sql`d.external_id collate "C"`])
}

function customersSql(
  results: SegmentResultsOf,
  scope: DiagnosisScope,
  settings: DiagnosisSettings,
  quadrant: Quadrant | undefined,
  order: DiagnosisOrder,
): Sql {
  const only = quadrant ? sql`where d.quadrant = ${quadrant}` : sql.empty
  return sql`select ${customerColumns} from (${diagnosedCustomers(results, scope, settings)}) d ${only}
    order by ${diagnosisOrderBy(order)}`
}

/** A page of the diagnosed customers (of one quadrant, or all), by revenue, largest first, or in the order asked. */
export async function listDiagnosedCustomers(
  db: Db,
  results: SegmentResultsOf,
  scope: DiagnosisScope,
  settings: DiagnosisSettings,
  quadrant: Quadrant | undefined,
  page: DiagnosisOrder & { limit: number; offset: number },
): Promise<{ items: DiagnosedCustomer[]; total: number }> {
  const only = quadrant ? sql`where d.quadrant = ${quadrant}` : sql.empty
  // One evaluation for the page and the total: the diagnosis of every customer is the costly part.
  const rows = await db.query<DiagnosedCustomer & { total: number }>(
    sql`select ${customerColumns}, count(*) over ()::int as total
      from (${diagnosedCustomers(results, scope, settings)}) d ${only}
      order by ${diagnosisOrderBy(page)} limit ${page.limit} offset ${page.offset}`,
  )
  if (rows.length === 0 && page.offset > 0) {
    const [counted] = await db.query<{ total: number }>(
      sql`select count(*)::int as total from (${diagnosedCustomers(results, scope, settings)}) d ${only}`,
    )
    return { items: [], total: counted?.total ?? 0 }
  }
  return { items: rows.map(({ total: _, ...item }) => item), total: rows[0]?.total ?? 0 }
}

/** Every diagnosed customer (of one quadrant, or all), in the list's order, in batches (CSV export). */
export function allDiagnosedCustomers(
  db: Db,
  results: SegmentResultsOf,
  scope: DiagnosisScope,
  settings: DiagnosisSettings,
  quadrant: Quadrant | undefined,
  order: DiagnosisOrder = {},
): AsyncGenerator<DiagnosedCustomer[]> {
  return db.batches<DiagnosedCustomer>(customersSql(results, scope, settings, quadrant, order), 5000)
}

/** One visible customer's diagnosis (unknown when never heard from), or undefined when not visible. */
export async function getCustomerDiagnosis(
  db: Db,
  results: SegmentResultsOf,
  access: UnitAccess,
  customerId: string,
  settings: DiagnosisSettings,
): Promise<DiagnosedCustomer | undefined> {
  const [row] = await db.query<DiagnosedCustomer>(
    sql`select ${customerColumns} from (${diagnosedCustomers(results, { access, customerId }, settings)}) d`,
  )
  return row
}
