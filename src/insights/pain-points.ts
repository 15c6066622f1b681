import { unitScope } from '../access/unit-scope.js'
import type { WorkspaceAccess } from '../access/workspace-access.js'
import type { Db } from '../db/db.js'
import { type Sql, sql } from '../db/sql.js'
import { type TouchpointTheme, topNegativeThemes } from '../feedback/themes/theme-table.js'
import { customerValueJoin } from './customer-value.js'
import {
  addDays,
  answeredAt,
  daysBetween,
  inLocalWindow,
  localDayStart,
  windowBounds,
} from './local-window.js'
import { type Change, changeBetween, type Estimate, shareEstimate } from './metric-math.js'

type Access = Pick<WorkspaceAccess, 'workspaceId' | 'unitPath'>

export interface PainPoint {
  touchpoint: string
  /** Responses in the window with an NPS, CSAT or CES answer. */
  volume: number
  /** Of them, responses with a negative answer: a detractor (0–6), CSAT 1–2 or CES 1–3. */
  negatives: number
  negativeShare: Estimate
  /** Distinct known customers behind the negative responses, and the sum of their values. */
  customersAffected: number
  valueAffected: string
  /** negativeShare × volume × mean value of the customers affected (= negatives × valueAffected / customers). */
  harm: string
  /** The same window just before: its negative share and the change to now (z-test). */
  previous: Estimate
  change: Change | null
  /** The newest comments of negative responses (text answers), at most three. */
  comments: { responseId: string; answeredAt: string; text: string }[]
  /** The touchpoint's top comment themes among its negative comments in the window (after a theme recomputation). */
  themes: TouchpointTheme[]
}

export interface PainPointQuery {
  /** Local dates, both included. */
  from: string
  to: string
  limit: number
}

function questionsOfType(workspaceId: string, types: string[]): Sql {
  return sql`select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype
    from survey_versions v
    cross join lateral jsonb_array_elements(v.definition->'pages') page
    cross join lateral jsonb_array_elements(page->'questions') q
    where v.workspace_id = ${workspaceId} and q->>'type' in (${sql.join(
      types.map((t) => sql`${t}`),
      ', ',
    )})`
}

/**
 * Touchpoints ranked by harm = negative share × volume × mean value of the customers affected, where a customer's
 * value is their 12-month CLV from the newest forecast, else their revenue of the 12 months before the window's end.
 */
export async function getPainPoints(db: Db, access: Access, query: PainPointQuery): Promise<PainPoint[]> {
  const ws = access.workspaceId
  const days = daysBetween(query.from, query.to)
  const previousFrom = addDays(query.from, -days)
  const start = localDayStart(ws, query.from)
  const end = localDayStart(ws, addDays(query.to, 1))
  const negative = sql`case qs.qtype when 'nps' then (r.answers->>qs.qid)::numeric <= 6
    when 'csat' then (r.answers->>qs.qid)::numeric <= 2 else (r.answers->>qs.qid)::numeric <= 3 end`
  const rows = await db.query<
    Omit<PainPoint, 'negativeShare' | 'previous' | 'change'> & {
      previousVolume: number
      previousNegatives: number
    }
  >(sql`
    with scales as (${questionsOfType(ws, ['nps', 'csat', 'ces'])}),
      texts as (${questionsOfType(ws, ['text'])}),
      rated as (
        select r.id, r.touchpoint, r.customer_id, r.survey_id, r.survey_version, r.answers,
          ${answeredAt} as answered_at, ${answeredAt} >= ${start} as current, bool_or(${negative}) as negative
        from responses r join scales qs on qs.survey_id = r.survey_id and qs.version = r.survey_version
        where r.workspace_id = ${ws} and ${unitScope(access, sql`r.org_unit_id`)}
          and ${inLocalWindow(ws, answeredAt, previousFrom, query.to)}
          and jsonb_typeof(r.answers->qs.qid) = 'number'
        group by r.id),
      per as (
        select touchpoint, count(*) filter (where current)::int as volume,
          count(*) filter (where current and negative)::int as negatives,
          count(*) filter (where not current)::int as previous_volume,
          count(*) filter (where not current and negative)::int as previous_negatives
        from rated group by touchpoint),
      affected as (
        select a.touchpoint, count(*)::int as customers, sum(v.value) as value
        from (select distinct touchpoint, customer_id from rated
          where current and negative and customer_id is not null) a
        ${customerValueJoin(ws, sql`a.customer_id`, end, 'v')}
        group by a.touchpoint),
      ranked as (
        select per.*, coalesce(a.customers, 0) as customers, coalesce(a.value, 0) as value,
          round(case when a.customers > 0 then per.negatives * a.value / a.customers else 0 end, 2) as harm
        from per left join affected a on a.touchpoint = per.touchpoint
        where per.volume > 0
        order by harm desc, per.negatives desc, per.touchpoint
        limit ${query.limit})
    select k.touchpoint, k.volume, k.negatives, k.previous_volume as "previousVolume",
      k.previous_negatives as "previousNegatives", k.customers as "customersAffected",
      round(k.value, 2)::text as "valueAffected", k.harm::text as harm,
      coalesce((select json_agg(json_build_object('responseId', c.id, 'answeredAt', c.answered_at, 'text', c.text)
          order by c.answered_at desc, c.id)
        from (select x.id, x.answered_at, string_agg(x.answers->>tq.qid, ' / ' order by tq.qid) as text
          from rated x join texts tq on tq.survey_id = x.survey_id and tq.version = x.survey_version
          where x.touchpoint = k.touchpoint and x.current and x.negative
            and jsonb_typeof(x.answers->tq.qid) = 'string' and btrim(x.answers->>tq.qid) <> ''
          group by x.id, x.answered_at
          order by x.answered_at desc, x.id limit 3) c), '[]') as comments
    from ranked k
    order by k.harm desc, k.negatives desc, k.touchpoint`)
  const bounds = await windowBounds(db, ws, { from: query.from, to: query.to })
  const themes = await topNegativeThemes(
    db,
    access,
    { from: new Date(bounds.startsAt), to: new Date(bounds.endsBefore) },
    3,
  )
  return rows.map(({ previousVolume, previousNegatives, ...row }) => {
    const negativeShare = shareEstimate(row.negatives, row.volume)
    const previous = shareEstimate(previousNegatives, previousVolume)
    return {
      ...row,
      comments: row.comments.map((c) => ({ ...c, answeredAt: new Date(c.answeredAt).toISOString() })),
      negativeShare,
      previous,
      change: changeBetween(previous, negativeShare),
      themes: themes.get(row.touchpoint) ?? [],
    }
  })
}
