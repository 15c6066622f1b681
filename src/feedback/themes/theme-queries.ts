import { type UnitAccess, unitScope } from '../../access/unit-scope.js'
import { copyText } from '../../db/copy.js'
import type { Db } from '../../db/db.js'
import { type Sql, sql } from '../../db/sql.js'
import type { ComputedTheme } from './build-themes.js'
import type { ThemeLanguage } from './languages.js'
import type { Polarity } from './sentiment.js'

export type NpsGroup = 'promoter' | 'passive' | 'detractor'

/** A free-text answer to analyse, with the first score given on the same response. */
export interface CommentRow {
  responseId: string
  questionId: string
  /** The response's language (the detector's fallback). */
  language: string
  text: string
  scoreKind: 'nps' | 'csat' | 'ces' | null
  scoreValue: number | null
}

/** What a recomputation stores for one comment. */
export interface CommentAnalysis {
  responseId: string
  questionId: string
  language: ThemeLanguage
  lexicon: number
  sentiment: number
  polarity: Polarity
  npsGroup: NpsGroup | null
  themes: string[]
}

function questionsOfType(workspaceId: string, types: readonly string[]): Sql {
  return sql`select v.survey_id, v.version, q->>'id' as qid, q->>'type' as qtype
    from survey_versions v
    cross join lateral jsonb_array_elements(v.definition->'pages') page
    cross join lateral jsonb_array_elements(page->'questions') q
    where v.workspace_id = ${workspaceId} and q->>'type' = any(${types}::text[])`
}

const scoreOrder = sql`array_position(array['nps', 'csat', 'ces'], qs.qtype)`

function commentsFrom(workspaceId: string): Sql {
  return sql`responses r join texts tq on tq.survey_id = r.survey_id and tq.version = r.survey_version
    where r.workspace_id = ${workspaceId} and jsonb_typeof(r.answers->tq.qid) = 'string'
      and btrim(r.answers->>tq.qid) <> ''`
}

/** How many comments a recomputation will read. */
export async function countComments(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql`with texts as (${questionsOfType(workspaceId, ['text'])})
    select count(*)::int as n from ${commentsFrom(workspaceId)}`)
  return row?.n ?? 0
}

/** Every free-text answer of the workspace, in batches, with the response's first score (NPS before CSAT before CES). */
export function commentBatches(db: Db, workspaceId: string, size: number): AsyncGenerator<CommentRow[]> {
  return db.batches<CommentRow>(
    sql`with texts as (${questionsOfType(workspaceId, ['text'])}),
      scales as (${questionsOfType(workspaceId, ['nps', 'csat', 'ces'])})
    select r.id as "responseId", tq.qid as "questionId", r.language, r.answers->>tq.qid as text,
      s.qtype as "scoreKind", s.value::float8 as "scoreValue"
    from responses r join texts tq on tq.survey_id = r.survey_id and tq.version = r.survey_version
    left join lateral (
      select qs.qtype, (r.answers->>qs.qid)::numeric as value from scales qs
      where qs.survey_id = r.survey_id and qs.version = r.survey_version
        and jsonb_typeof(r.answers->qs.qid) = 'number'
      order by ${scoreOrder}, qs.qid limit 1) s on true
    where r.workspace_id = ${workspaceId} and jsonb_typeof(r.answers->tq.qid) = 'string'
      and btrim(r.answers->>tq.qid) <> ''
    order by r.id, tq.qid`,
    size,
  )
}

/** A text[] value in PostgreSQL's array literal syntax, every element quoted. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((i) => `"${i.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`
}

/**
 * Replaces the workspace's analyses and themes with a recomputation's, in one transaction: readers see the old
 * set or the new one, never half of each.
 */
export async function saveThemeResults(
  db: Db,
  workspaceId: string,
  analyses: Iterable<CommentAnalysis>,
  themes: readonly ComputedTheme[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(sql`delete from comment_analyses where workspace_id = ${workspaceId}`)
    await tx.query(sql`delete from comment_themes where workspace_id = ${workspaceId}`)
    const columns = [
      'workspace_id',
      'response_id',
      'question_id',
      'language',
      'lexicon_sentiment',
      'sentiment',
      'polarity',
      'nps_group',
      'themes',
    ]
    let rows: (string | number | null)[][] = []
    const flush = async () => {
      if (rows.length === 0) return
      await tx.copyFrom('comment_analyses', columns, copyText(rows))
      rows = []
    }
    for (const a of analyses) {
      rows.push([
        workspaceId,
        a.responseId,
        a.questionId,
        a.language,
        round(a.lexicon),
        round(a.sentiment),
        a.polarity,
        a.npsGroup,
        arrayLiteral(a.themes),
      ])
      if (rows.length >= 20_000) await flush()
    }
    await flush()
    for (const t of themes)
      await tx.query(sql`insert into comment_themes (workspace_id, key, kind, phrases, comments)
        values (${workspaceId}, ${t.key}, ${t.kind}, ${JSON.stringify(t.phrases)}::jsonb, ${t.comments})`)
  })
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4
}

export interface ThemeEdit {
  key: string
  name: string | null
  pinned: boolean
  pinnedPhrases: string[] | null
  mergedInto: string | null
}

export async function getThemeEdits(db: Db, workspaceId: string): Promise<ThemeEdit[]> {
  return db.query<ThemeEdit>(sql`select key, name, pinned, pinned_phrases as "pinnedPhrases",
      merged_into as "mergedInto"
    from comment_theme_edits where workspace_id = ${workspaceId} order by key`)
}

/** Saves an analyst's edit of a theme; pinning keeps the theme's current phrases to find it again. */
export async function saveThemeEdit(
  db: Db,
  workspaceId: string,
  key: string,
  change: { name?: string | null; pinned?: boolean; mergedInto?: string | null },
  userId: string | null,
): Promise<void> {
  const set = (field: keyof typeof change) => change[field] !== undefined
  await db.query(sql`insert into comment_theme_edits as e
      (workspace_id, key, name, pinned, pinned_phrases, merged_into, updated_by)
    values (${workspaceId}, ${key}, ${change.name ?? null}, ${change.pinned ?? false},
      case when ${change.pinned ?? false} then (select array(select jsonb_array_elements(phrases)->>'key')
        from comment_themes where workspace_id = ${workspaceId} and key = ${key}) end,
      ${change.mergedInto ?? null}, ${userId})
    on conflict (workspace_id, key) do update set
      name = case when ${set('name')} then excluded.name else e.name end,
      pinned = case when ${set('pinned')} then excluded.pinned else e.pinned end,
      pinned_phrases = case when ${set('pinned')} then excluded.pinned_phrases else e.pinned_phrases end,
      merged_into = case when ${set('mergedInto')} then excluded.merged_into else e.merged_into end,
      updated_by = excluded.updated_by, updated_at = now()`)
}

export interface StoredTheme {
  key: string
  kind: ComputedTheme['kind']
  phrases: ComputedTheme['phrases']
  computedAt: Date
}

export async function getStoredThemes(db: Db, workspaceId: string): Promise<StoredTheme[]> {
  return db.query<StoredTheme>(sql`select key, kind, phrases, computed_at as "computedAt"
    from comment_themes where workspace_id = ${workspaceId} order by comments desc, key`)
}

/** Filters of the theme table and its verbatims. */
export interface ThemeFilter {
  language?: ThemeLanguage | undefined
  touchpoint?: string | undefined
  /** Local-free instants (UTC), from included, to excluded. */
  from?: Date | undefined
  to?: Date | undefined
}

const answered = sql`coalesce(r.completed_at, r.updated_at)`

function filterSql(access: UnitAccess, f: ThemeFilter): Sql {
  return sql`a.workspace_id = ${access.workspaceId} and ${unitScope(access, sql`r.org_unit_id`)}
    and (${f.language ?? null}::text is null or a.language = ${f.language ?? null})
    and (${f.touchpoint ?? null}::text is null or r.touchpoint = ${f.touchpoint ?? null})
    and (${f.from ?? null}::timestamptz is null or ${answered} >= ${f.from ?? null})
    and (${f.to ?? null}::timestamptz is null or ${answered} < ${f.to ?? null})`
}

export interface ThemeCounts {
  theme: string
  comments: number
  positive: number
  negative: number
  neutral: number
  meanSentiment: number
  detractors: number
  promoters: number
}

export interface CommentTotals {
  comments: number
  detractors: number
  promoters: number
  themed: number
}

/** Per theme (merges applied: `merged` maps a theme key to the key it now counts under), and the totals. */
export async function countThemes(
  db: Db,
  access: UnitAccess,
  filter: ThemeFilter,
  merged: ReadonlyMap<string, string>,
): Promise<{ rows: ThemeCounts[]; totals: CommentTotals }> {
  const from = [...merged.keys()]
  const to = [...merged.values()]
  const rows = await db.query<ThemeCounts>(sql`
    with m as (select * from unnest(${from}::text[], ${to}::text[]) as m(key, target)),
      picked as (
        select distinct a.response_id, a.question_id, a.sentiment, a.polarity, a.nps_group,
          coalesce(m.target, t.key) as theme
        from comment_analyses a join responses r on r.id = a.response_id
        cross join lateral unnest(a.themes) as t(key)
        left join m on m.key = t.key
        where ${filterSql(access, filter)})
    select theme, count(*)::int as comments,
      count(*) filter (where polarity = 'positive')::int as positive,
      count(*) filter (where polarity = 'negative')::int as negative,
      count(*) filter (where polarity = 'neutral')::int as neutral,
      avg(sentiment)::float8 as "meanSentiment",
      count(*) filter (where nps_group = 'detractor')::int as detractors,
      count(*) filter (where nps_group = 'promoter')::int as promoters
    from picked group by theme order by comments desc, theme`)
  const [totals] = await db.query<CommentTotals>(sql`
    select count(*)::int as comments,
      count(*) filter (where a.nps_group = 'detractor')::int as detractors,
      count(*) filter (where a.nps_group = 'promoter')::int as promoters,
      count(*) filter (where cardinality(a.themes) > 0)::int as themed
    from comment_analyses a join responses r on r.id = a.response_id
    where ${filterSql(access, filter)}`)
  return { rows, totals: totals ?? { comments: 0, detractors: 0, promoters: 0, themed: 0 } }
}

export interface Verbatim {
  responseId: string
  questionId: string
  text: string
  language: string
  sentiment: number
  polarity: Polarity
  npsGroup: NpsGroup | null
  touchpoint: string
  answeredAt: Date
}

/** The comments of a theme (any of `keys`: the theme and those merged into it), newest first. */
export async function themeVerbatims(
  db: Db,
  access: UnitAccess,
  keys: readonly string[],
  filter: ThemeFilter & { polarity?: Polarity | undefined },
  page: { limit: number; offset: number },
): Promise<{ items: Verbatim[]; total: number }> {
  const where = sql`${filterSql(access, filter)} and a.themes && ${keys}::text[]
    and (${filter.polarity ?? null}::text is null or a.polarity = ${filter.polarity ?? null})
    and jsonb_typeof(r.answers->a.question_id) = 'string'`
  const items = await db.query<Verbatim>(sql`
    select a.response_id as "responseId", a.question_id as "questionId", r.answers->>a.question_id as text,
      a.language, a.sentiment::float8 as sentiment, a.polarity, a.nps_group as "npsGroup", r.touchpoint,
      ${answered} as "answeredAt"
    from comment_analyses a join responses r on r.id = a.response_id
    where ${where}
    order by ${answered} desc, a.response_id, a.question_id
    limit ${page.limit} offset ${page.offset}`)
  const [count] = await db.query<{ n: number }>(sql`select count(*)::int as n
    from comment_analyses a join responses r on r.id = a.response_id where ${where}`)
  return { items, total: count?.n ?? 0 }
}

/** The top themes of each touchpoint's comments on negative responses (for Insight's pain points). */
export async function negativeThemesByTouchpoint(
  db: Db,
  access: UnitAccess,
  range: { from: Date; to: Date },
  merged: ReadonlyMap<string, string>,
  perTouchpoint: number,
): Promise<{ touchpoint: string; theme: string; comments: number }[]> {
  return db.query(sql`
    with m as (select * from unnest(${[...merged.keys()]}::text[], ${[...merged.values()]}::text[]) as m(key, target)),
      picked as (
        select distinct r.touchpoint, a.response_id, a.question_id, coalesce(m.target, t.key) as theme
        from comment_analyses a join responses r on r.id = a.response_id
        cross join lateral unnest(a.themes) as t(key)
        left join m on m.key = t.key
        where ${filterSql(access, range)} and (a.polarity = 'negative' or a.nps_group = 'detractor')),
      ranked as (
        select touchpoint, theme, count(*)::int as comments,
          row_number() over (partition by touchpoint order by count(*) desc, theme) as rank
        from picked group by touchpoint, theme)
    select touchpoint, theme, comments from ranked where rank <= ${perTouchpoint}
    order by touchpoint, rank`)
}

export interface ThemeRun {
  id: string
  status: 'queued' | 'running' | 'done' | 'failed'
  total: number
  processed: number
  error: string | null
  createdAt: Date
  startedAt: Date | null
  finishedAt: Date | null
}

const runColumns = sql`id, status, total, processed, error, created_at as "createdAt", started_at as "startedAt",
  finished_at as "finishedAt"`

export async function createThemeRun(db: Db, workspaceId: string, userId: string | null): Promise<ThemeRun> {
  const [run] = await db.query<ThemeRun>(sql`insert into comment_theme_runs (workspace_id, created_by)
    values (${workspaceId}, ${userId}) returning ${runColumns}`)
  if (!run) throw new Error('theme run: insert returned no row')
  return run
}

export async function latestThemeRuns(db: Db, workspaceId: string, limit: number): Promise<ThemeRun[]> {
  return db.query<ThemeRun>(sql`select ${runColumns} from comment_theme_runs
    where workspace_id = ${workspaceId} order by created_at desc, id limit ${limit}`)
}

export async function updateThemeRun(
  db: Db,
  runId: string,
  change: Partial<Pick<ThemeRun, 'status' | 'total' | 'processed' | 'error'>>,
): Promise<void> {
  await db.query(sql`update comment_theme_runs set
      status = coalesce(${change.status ?? null}, status),
      total = coalesce(${change.total ?? null}::int, total),
      processed = coalesce(${change.processed ?? null}::int, processed),
      error = coalesce(${change.error ?? null}, error),
      started_at = case when ${change.status ?? null} = 'running' then now() else started_at end,
      finished_at = case when ${change.status ?? null} in ('done', 'failed') then now() else finished_at end
    where id = ${runId}`)
}

export async function getThemeRunWorkspace(db: Db, runId: string): Promise<string | undefined> {
  const [row] = await db.query<{ workspaceId: string }>(
    sql`select workspace_id as "workspaceId" from comment_theme_runs where id = ${runId}`,
  )
  return row?.workspaceId
}
