import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ApiError } from '../../api.js'
import { EChart } from '../../components/EChart.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { CohortTable } from './CohortTable.js'
import { SegmentHistory } from './SegmentHistory.js'
import { heat, segmentColors } from './segment-colors.js'
import { type SegmentSummary, segmentCustomersCsvUrl, segmentListPath, segmentsApi } from './segments-api.js'
import './segments.css'
import { useFormat } from '../../use-format.js'

/** Behavioural analytics: segments, the R×F heat map, the ABC×XYZ matrix, cohorts and segment sizes over time. */
export function SegmentsPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const summary = useApi(`segments:${workspaceId}`, () => segmentsApi.summary(workspaceId))
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<ApiError | undefined>()
  const data = summary.fresh ? summary.data : undefined

  const recompute = async () => {
    setBusy(true)
    setFailure(undefined)
    try {
      await segmentsApi.recompute(workspaceId)
      summary.reload()
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1 className="page-title">{t('segments.title')}</h1>
        {data?.asOf && (
          <span className="badge" data-testid="segments-as-of">
            {t('segments.asOf', { date: f.date(data.asOf) })}
          </span>
        )}
        <div className="page-header-spacer" />
        {data?.asOf && (
          <>
            <Link
              className="button button-secondary"
              to={segmentListPath(workspaceId, { habitBroken: 'true' })}
            >
              {t('segments.habitBroken', { count: data.habitBroken })}
            </Link>
            <a className="button button-secondary" href={segmentCustomersCsvUrl(workspaceId, {})} download>
              {t('segments.downloadCsv')}
            </a>
          </>
        )}
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={recompute}
          data-testid="segments-recompute"
        >
          {busy ? t('segments.computing') : t('segments.recompute')}
        </button>
      </div>
      {failure && <ErrorNotice error={failure} />}
      {summary.error && <ErrorNotice error={summary.error} onRetry={summary.reload} />}
      {!data && !summary.error && <div className="muted">{t('app.loading')}</div>}
      {data && !data.asOf && (
        <div className="card empty-state" data-testid="segments-empty">
          <h2>{t('segments.empty')}</h2>
          <p className="muted">{t('segments.emptyHint')}</p>
        </div>
      )}
      {data?.asOf && (
        <>
          <div className="segments-grid">
            <SegmentTable workspaceId={workspaceId} summary={data} />
            <RfHeatMap workspaceId={workspaceId} summary={data} />
          </div>
          <div className="segments-grid">
            <AbcXyzMatrix workspaceId={workspaceId} summary={data} />
            <SegmentHistory workspaceId={workspaceId} />
          </div>
          <CohortTable workspaceId={workspaceId} />
          <p className="muted" data-testid="segments-total">
            {t('segments.total', {
              customers: f.count(data.customers),
              revenue: f.money(data.revenue),
            })}
          </p>
        </>
      )}
    </div>
  )
}

function SegmentTable({ workspaceId, summary }: { workspaceId: string; summary: SegmentSummary }) {
  const { t } = useTranslation()
  const f = useFormat()
  const navigate = useNavigate()
  const { sorted, th } = useClientSort(summary.segments, {
    segment: { value: (s) => t(`segments.names.${s.segment}` as 'segments.names.champions') },
    customers: { value: (s) => s.customers, firstDir: 'desc' },
    share: { value: (s) => Number(s.customerShare), firstDir: 'desc' },
    revenue: { value: (s) => Number(s.revenue), firstDir: 'desc' },
    revenueShare: { value: (s) => Number(s.revenueShare), firstDir: 'desc' },
  })
  return (
    <section className="card table-card" aria-labelledby="segments-list-title">
      <h2 className="card-title" id="segments-list-title" style={{ padding: '16px 16px 0' }}>
        {t('segments.segmentsTitle')}
      </h2>
      <div className="table-scroll">
        <table className="table" data-testid="segments-table">
          <thead>
            <tr>
              {th('segment', t('segments.columns.segment'))}
              {th('customers', t('segments.columns.customers'), true)}
              {th('share', t('segments.columns.share'), true)}
              {th('revenue', t('segments.columns.revenue'), true)}
              {th('revenueShare', t('segments.columns.revenueShare'), true)}
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr
                key={s.segment}
                className="clickable"
                onClick={() => navigate(segmentListPath(workspaceId, { segment: s.segment }))}
                data-testid="segment-row"
                data-segment={s.segment}
              >
                <td className="wrap">
                  <span className="segment-dot" style={{ background: segmentColors[s.segment] }} />
                  {t(`segments.names.${s.segment}` as 'segments.names.champions')}
                </td>
                <td className="num">{f.count(s.customers)}</td>
                <td className="num">{f.percent(s.customerShare)}</td>
                <td className="num">{f.money(s.revenue)}</td>
                <td className="num">{f.percent(s.revenueShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** A long name split at the space nearest its middle, so that it fits a heat map cell in every language. */
function inTwoLines(name: string): string {
  if (name.length <= 10) return name
  const middle = name.length / 2
  let best = -1
  for (let i = name.indexOf(' '); i !== -1; i = name.indexOf(' ', i + 1))
    if (best === -1 || Math.abs(i - middle) < Math.abs(best - middle)) best = i
  return best === -1 ? name : `${name.slice(0, best)}\n${name.slice(best + 1)}`
}

function RfHeatMap({ workspaceId, summary }: { workspaceId: string; summary: SegmentSummary }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const option = useMemo(() => {
    const max = Math.max(1, ...summary.rf.map((c) => c.customers))
    return {
      tooltip: {
        formatter: (p: { data: [number, number, number, string] }) =>
          `R ${p.data[1] + 1} · F ${p.data[0] + 1}<br/>${t(`segments.names.${p.data[3]}` as 'segments.names.champions')}: ${p.data[2]}`,
      },
      grid: { left: 50, right: 10, top: 10, bottom: 60 },
      xAxis: {
        type: 'category',
        data: ['1', '2', '3', '4', '5'],
        name: t('segments.frequency'),
        nameLocation: 'middle',
        nameGap: 28,
      },
      yAxis: {
        type: 'category',
        data: ['1', '2', '3', '4', '5'],
        name: t('segments.recency'),
        nameLocation: 'middle',
        nameGap: 30,
      },
      // The colour follows the customer count (data[2]); by default ECharts would read the last value, the name.
      visualMap: { min: 0, max, dimension: 2, show: false, inRange: { color: ['#eef4ff', '#1f6feb'] } },
      series: [
        {
          type: 'heatmap',
          data: summary.rf.map((c) => [c.f - 1, c.r - 1, c.customers, c.segment]),
          label: {
            show: true,
            formatter: (p: { data: [number, number, number, string] }) =>
              `${inTwoLines(t(`segments.names.${p.data[3]}` as 'segments.names.champions'))}\n${p.data[2]}`,
            fontSize: 10,
            lineHeight: 13,
          },
        },
      ],
    }
  }, [summary, t])
  return (
    <section className="card" aria-labelledby="rf-title">
      <h2 className="card-title" id="rf-title">
        {t('segments.rfTitle')}
      </h2>
      <EChart
        option={option}
        height={340}
        testId="rf-heatmap"
        onClick={(d) => {
          const [f, r] = d as [number, number]
          navigate(segmentListPath(workspaceId, { r: String(r + 1), f: String(f + 1) }))
        }}
      />
    </section>
  )
}

function AbcXyzMatrix({ workspaceId, summary }: { workspaceId: string; summary: SegmentSummary }) {
  const { t } = useTranslation()
  const f = useFormat()
  const total = Math.max(1, summary.customers)
  const columns = ['X', 'Y', 'Z', 'none'] as const
  return (
    <section className="card" aria-labelledby="abcxyz-title">
      <h2 className="card-title" id="abcxyz-title">
        {t('segments.abcXyzTitle')}
      </h2>
      <table className="matrix" data-testid="abcxyz-matrix">
        <thead>
          <tr>
            <th />
            {columns.map((x) => (
              <th key={x} title={t(`segments.xyz.${x}`)}>
                {x === 'none' ? t('segments.noClass') : x}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(['A', 'B', 'C'] as const).map((abc) => (
            <tr key={abc}>
              <th title={t(`segments.abc.${abc}`)}>{abc}</th>
              {columns.map((xyz) => {
                const cell = summary.abcXyz.find((c) => c.abc === abc && (c.xyz ?? 'none') === xyz)
                const customers = cell?.customers ?? 0
                return (
                  <td key={xyz}>
                    <Link
                      className="matrix-cell"
                      style={{ background: heat(customers / total) }}
                      to={segmentListPath(workspaceId, { abc, xyz })}
                      data-testid={`abcxyz-cell-${abc}${xyz}`}
                    >
                      <div className="count">{f.count(customers)}</div>
                      <div className="revenue">{cell ? f.money(cell.revenue) : '—'}</div>
                    </Link>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" style={{ fontSize: 12, marginTop: 8 }}>
        {t('segments.abcXyzHint')}
      </p>
    </section>
  )
}
