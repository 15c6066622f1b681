import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams, useSearchParams } from 'react-router'
import { EChart } from '../../components/EChart.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { ThemeDetail } from './ThemeDetail.js'
import {
  type CommentLanguage,
  commentLanguages,
  type ThemeRow,
  themesApi,
  themesCsvUrl,
} from './themes-api.js'
import { UnderstandingTabs } from './UnderstandingTabs.js'

const isLanguage = (v: string | null): v is CommentLanguage =>
  v !== null && (commentLanguages as readonly string[]).includes(v)

/**
 * Comment themes: what customers write about, in five languages, with sentiment and the themes that separate
 * detractors from promoters; a theme opens its verbatims and the analyst's rename, pin and merge.
 */
export function ThemesPage() {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const language = isLanguage(params.get('language'))
    ? (params.get('language') as CommentLanguage)
    : undefined
  const touchpoint = params.get('touchpoint') ?? undefined
  const selected = params.get('theme')
  const uiLanguage = i18n.language.slice(0, 2)
  const nameLanguage = isLanguage(uiLanguage) ? uiLanguage : undefined
  const filter = { language, touchpoint }
  const [version, setVersion] = useState(0)
  const table = useApi(`themes:${workspaceId}:${language}:${touchpoint}:${nameLanguage}:${version}`, () =>
    themesApi.table(workspaceId, filter, nameLanguage),
  )
  const runs = useApi(`theme-runs:${workspaceId}:${version}`, () => themesApi.runs(workspaceId))
  const latest = runs.data?.items[0]
  const running = latest?.status === 'queued' || latest?.status === 'running'
  const [starting, setStarting] = useState(false)

  // While a recomputation runs, follow its progress; when it ends, the table reloads.
  const reloadRuns = runs.reload
  useEffect(() => {
    if (!running) return
    const timer = setTimeout(reloadRuns, 1000)
    return () => clearTimeout(timer)
  }, [running, reloadRuns])
  const finishedAt = latest?.finishedAt
  useEffect(() => {
    if (finishedAt) setVersion((v) => v + 1)
  }, [finishedAt])

  const set = (name: string, value: string | undefined) => {
    const next = new URLSearchParams(params)
    if (value) next.set(name, value)
    else next.delete(name)
    setParams(next, { replace: true })
  }
  const recompute = async () => {
    setStarting(true)
    try {
      await themesApi.recompute(workspaceId)
    } finally {
      setStarting(false)
      runs.reload()
    }
  }
  const themes = table.data?.themes ?? []
  const chosen = themes.find((th) => th.key === selected)
  const { sorted, th } = useClientSort(themes, {
    theme: { value: (th) => th.name },
    comments: { value: (th) => th.comments, firstDir: 'desc' },
    share: { value: (th) => th.share, firstDir: 'desc' },
    sentiment: { value: (th) => th.meanSentiment, firstDir: 'desc' },
    negative: { value: (th) => th.negative, firstDir: 'desc' },
    detractors: { value: (th) => th.separation.detractors, firstDir: 'desc' },
    promoters: { value: (th) => th.separation.promoters, firstDir: 'desc' },
    lift: { value: (th) => th.separation.lift, firstDir: 'desc' },
    logOdds: { value: (th) => th.separation.logOdds, firstDir: 'desc' },
  })

  return (
    <div className="page">
      <UnderstandingTabs />
      <div className="toolbar">
        <label>
          {t('themes.language')}{' '}
          <select
            className="input"
            value={language ?? ''}
            onChange={(e) => set('language', e.target.value || undefined)}
            data-testid="themes-language"
          >
            <option value="">{t('themes.allLanguages')}</option>
            {commentLanguages.map((l) => (
              <option key={l} value={l}>
                {t(`themes.languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('themes.touchpoint')}{' '}
          <input
            className="input"
            defaultValue={touchpoint ?? ''}
            onBlur={(e) => set('touchpoint', e.target.value.trim() || undefined)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') set('touchpoint', e.currentTarget.value.trim() || undefined)
            }}
            placeholder={t('themes.anyTouchpoint')}
            data-testid="themes-touchpoint"
          />
        </label>
        <div className="page-header-spacer" />
        <button
          type="button"
          className="button button-secondary"
          onClick={recompute}
          disabled={running || starting}
          data-testid="themes-recompute"
        >
          {running ? t('themes.recomputing') : t('themes.recompute')}
        </button>
        <a
          className="button button-secondary"
          href={themesCsvUrl(workspaceId, filter, nameLanguage)}
          download
          data-testid="themes-csv"
        >
          {t('themes.downloadCsv')}
        </a>
      </div>
      <div className="muted small" role="status" data-testid="themes-run">
        {running && latest
          ? t('themes.progress', {
              processed: f.count(latest.processed),
              total: f.count(latest.total),
            })
          : table.data?.computedAt
            ? t('themes.computedAt', { at: f.dateTime(table.data.computedAt) })
            : latest?.status === 'failed'
              ? t('themes.failed', { error: latest.error ?? '' })
              : null}
      </div>
      {table.error && <ErrorNotice error={table.error} onRetry={table.reload} />}
      {table.data && themes.length === 0 && (
        <div className="empty-state" data-testid="themes-empty">
          {t('themes.empty')}
        </div>
      )}
      {table.data && themes.length > 0 && (
        <>
          <p className="muted small">
            {t('themes.totals', {
              comments: f.count(table.data.totals.comments),
              themed: f.count(table.data.totals.themed),
              detractors: f.count(table.data.totals.detractors),
              promoters: f.count(table.data.totals.promoters),
            })}
          </p>
          <SeparationChart themes={themes} onPick={(key) => set('theme', key)} />
          <div className="table-scroll">
            <table className="table" data-testid="themes-table">
              <thead>
                <tr>
                  {th('theme', t('themes.theme'))}
                  {th('comments', t('themes.comments'), true)}
                  {th('share', t('themes.share'), true)}
                  {th('sentiment', t('themes.sentiment'), true)}
                  {th('negative', t('themes.negative'), true)}
                  {th('detractors', t('themes.detractors'), true)}
                  {th('promoters', t('themes.promoters'), true)}
                  {th('lift', t('themes.lift'), true)}
                  {th('logOdds', t('themes.logOdds'), true)}
                </tr>
              </thead>
              <tbody>
                {sorted.map((th) => (
                  <ThemeTableRow
                    key={th.key}
                    theme={th}
                    selected={th.key === selected}
                    onOpen={() => set('theme', th.key)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">{t('themes.separationHint')}</p>
        </>
      )}
      {chosen && (
        <ThemeDetail
          key={chosen.key}
          workspaceId={workspaceId}
          theme={chosen}
          themes={themes}
          filter={filter}
          onChanged={() => setVersion((v) => v + 1)}
          onClose={() => set('theme', undefined)}
        />
      )}
    </div>
  )
}

function ThemeTableRow({
  theme,
  selected,
  onOpen,
}: {
  theme: ThemeRow
  selected: boolean
  onOpen: () => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const s = theme.separation
  const fixed = (x: number, digits: number) => f.number(x, digits)
  return (
    <tr data-testid="themes-row" data-theme={theme.key} aria-selected={selected}>
      <td>
        <button type="button" className="button button-secondary" onClick={onOpen} data-testid="themes-open">
          {theme.name}
        </button>
        {theme.pinned && <span className="badge">{t('themes.pinned')}</span>}
        {theme.merged.length > 0 && (
          <span className="muted small"> {t('themes.mergedCount', { count: theme.merged.length })}</span>
        )}
      </td>
      <td className="num">{f.count(theme.comments)}</td>
      <td className="num">{f.percent(theme.share, 1)}</td>
      <td className="num">{fixed(theme.meanSentiment, 2)}</td>
      <td className="num">{f.count(theme.negative)}</td>
      <td className="num">{f.count(s.detractors)}</td>
      <td className="num">{f.count(s.promoters)}</td>
      <td className="num">{s.lift === null ? '—' : fixed(s.lift, 2)}</td>
      <td className="num" title={`SE ${fixed(s.se, 2)}, z ${fixed(s.z, 1)}`}>
        {fixed(s.logOdds, 2)}
      </td>
    </tr>
  )
}

/** Log odds of each theme among detractors vs promoters, as bars: right of zero, what detractors write about. */
function SeparationChart({ themes, onPick }: { themes: ThemeRow[]; onPick: (key: string) => void }) {
  const { t } = useTranslation()
  const f = useFormat()
  const sorted = useMemo(
    () => [...themes].sort((a, b) => b.separation.logOdds - a.separation.logOdds).slice(0, 15),
    [themes],
  )
  const option = useMemo(
    () => ({
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number; data: { d: number; p: number } }) =>
          `${p.name}: ${f.number(p.value, 2)} (${t('themes.detractors')} ${p.data.d}, ${t('themes.promoters')} ${p.data.p})`,
      },
      grid: { left: 170, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', name: t('themes.logOdds'), nameLocation: 'middle', nameGap: 22 },
      yAxis: { type: 'category', inverse: true, data: sorted.map((th) => th.name) },
      series: [
        {
          type: 'bar',
          data: sorted.map((th) => ({
            value: Math.round(th.separation.logOdds * 100) / 100,
            key: th.key,
            d: th.separation.detractors,
            p: th.separation.promoters,
            itemStyle: { color: th.separation.logOdds > 0 ? '#dc2626' : '#16a34a' },
          })),
        },
      ],
    }),
    [sorted, t, f],
  )
  return (
    <section className="card" data-testid="themes-chart">
      <h2 className="card-title">{t('themes.chartTitle')}</h2>
      <EChart
        option={option}
        height={Math.max(160, 28 * sorted.length + 50)}
        label={t('themes.chartTitle')}
        onClick={(data) => {
          const key = (data as { key?: string }).key
          if (key) onPick(key)
        }}
      />
    </section>
  )
}
