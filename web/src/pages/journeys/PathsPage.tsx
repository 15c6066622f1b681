import { useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { EChart } from '../../components/EChart.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useFocusableTables } from '../../layout/focusable-tables.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { JourneyHeader, JourneyWindowPicker } from './JourneyHeader.js'
import { formatOne } from './journey-format.js'
import { journeysApi, type Paths } from './journeys-api.js'
import { useJourneyWindow } from './use-journey-window.js'

const palette = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#9333ea',
  '#dc2626',
  '#0891b2',
  '#4d7c0f',
  '#db2777',
  '#475569',
]

/**
 * The paths customers really take between the touchpoints: the Sankey of the common sequences, where they drop
 * out, the time between stages, and the top paths of a segment (champions against at-risk).
 */
export function PathsPage() {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const locale = i18n.language
  const { workspaceId = '', journeyId = '' } = useParams()
  const [window, setWindow] = useJourneyWindow()
  const [chosen, setCompared] = useState<[string | undefined, string | undefined]>([undefined, undefined])
  const page = useRef<HTMLDivElement>(null)
  useFocusableTables(page)
  const journey = useApi(`journey:${workspaceId}:${journeyId}`, () => journeysApi.get(workspaceId, journeyId))
  const paths = useApi(`journey-paths:${workspaceId}:${journeyId}:${window.from}:${window.to}`, () =>
    journeysApi.paths(workspaceId, journeyId, window),
  )
  const names = useMemo(() => {
    const byId = new Map<string, string>()
    for (const stage of journey.data?.stages ?? []) {
      byId.set(stage.id, stage.name)
      for (const tp of stage.touchpoints) byId.set(tp.id, tp.name)
    }
    return byId
  }, [journey.data])
  const name = (id: string) => names.get(id) ?? '?'
  // A segment in the segments section's words when it has them (champions, at_risk, …).
  const segmentName = (code: string) => {
    const key = `segments.names.${code}` as 'segments.names.champions'
    return t(key, { defaultValue: code })
  }
  if (journey.error) return <ErrorNotice error={journey.error} onRetry={journey.reload} />
  if (!journey.data) return <div className="muted">{t('app.loading')}</div>
  const p = paths.data
  const segments = p?.segments ?? []
  // Champions against at-risk unless another pair is chosen (or the segments are not there).
  const has = (code: string) => segments.some((x) => x.segment === code)
  const compared: [string | undefined, string | undefined] = [
    chosen[0] ?? (has('champions') ? 'champions' : segments[0]?.segment),
    chosen[1] ?? (has('at_risk') ? 'at_risk' : (segments[1]?.segment ?? segments[0]?.segment)),
  ]
  return (
    <div className="page journey-page" ref={page}>
      <JourneyHeader
        workspaceId={workspaceId}
        journeyId={journeyId}
        name={journey.data.name}
        window={window}
      />
      <div className="toolbar">
        <JourneyWindowPicker window={window} onChange={setWindow} />
        {p && <span className="muted small">{t('journeys.pathCustomers', { n: f.count(p.customers) })}</span>}
      </div>
      {paths.error && <ErrorNotice error={paths.error} onRetry={paths.reload} />}
      {p?.rebuilding && (
        <div className="card empty-state" role="status">
          {t('journeys.pathsRebuilding')}
        </div>
      )}
      {p && !p.rebuilding && p.customers === 0 && (
        <div className="card empty-state">{t('journeys.noPaths')}</div>
      )}
      {p && p.customers > 0 && (
        <>
          <section className="card" aria-labelledby="journey-sankey-title">
            <h2 className="card-title" id="journey-sankey-title">
              {t('journeys.sankeyTitle')}
            </h2>
            <p className="muted small">{t('journeys.sankeyHint')}</p>
            <PathsSankey paths={p} name={name} />
          </section>
          <div className="journey-two">
            <section className="card" aria-labelledby="journey-dropoff-title">
              <h2 className="card-title" id="journey-dropoff-title">
                {t('journeys.dropOffTitle')}
              </h2>
              <div className="table-scroll">
                <table className="table" data-testid="journey-dropoff">
                  <thead>
                    <tr>
                      <th className="num">{t('journeys.step')}</th>
                      <th className="num">{t('journeys.reached')}</th>
                      <th className="num">{t('journeys.droppedOut')}</th>
                      <th className="num">{t('journeys.dropRate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.dropOff.map((d) => (
                      <tr key={d.step}>
                        <td className="num">{d.step + 1}</td>
                        <td className="num">{f.count(d.customers)}</td>
                        <td className="num">{f.count(d.droppedOut)}</td>
                        <td className="num">
                          {d.rate === null ? '—' : `${formatOne(d.rate * 100, locale)} %`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            <section className="card" aria-labelledby="journey-stage-times-title">
              <h2 className="card-title" id="journey-stage-times-title">
                {t('journeys.stageTimesTitle')}
              </h2>
              <div className="table-scroll">
                <table className="table" data-testid="journey-stage-times">
                  <thead>
                    <tr>
                      <th>{t('journeys.fromStage')}</th>
                      <th>{t('journeys.toStage')}</th>
                      <th className="num">{t('journeys.customers')}</th>
                      <th className="num">{t('journeys.medianHours')}</th>
                      <th className="num">{t('journeys.p90Hours')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.stageTimes.map((s) => (
                      <tr key={`${s.fromStageId}-${s.toStageId}`}>
                        <td>{name(s.fromStageId)}</td>
                        <td>{name(s.toStageId)}</td>
                        <td className="num">{f.count(s.customers)}</td>
                        <td className="num">{formatOne(s.medianHours, locale)}</td>
                        <td className="num">{formatOne(s.p90Hours, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
          <section className="card" aria-labelledby="journey-top-paths-title">
            <h2 className="card-title" id="journey-top-paths-title">
              {t('journeys.topPathsTitle')}
            </h2>
            <PathTable paths={p.topPaths} name={name} testId="journey-top-paths" />
          </section>
          <section className="card" aria-labelledby="journey-segments-title" data-testid="journey-segments">
            <h2 className="card-title" id="journey-segments-title">
              {t('journeys.segmentsTitle')}
            </h2>
            {segments.length === 0 ? (
              <p className="muted">{t('journeys.noSegments')}</p>
            ) : (
              <div className="journey-two">
                {(['a', 'b'] as const).map((side) => {
                  const chosen = side === 'a' ? compared[0] : compared[1]
                  const entry = segments.find((x) => x.segment === chosen)
                  return (
                    <div key={side}>
                      <label className="field">
                        <span className="field-label">{t(`journeys.segmentSide.${side}`)}</span>
                        <select
                          className="select"
                          value={chosen ?? ''}
                          onChange={(e) =>
                            setCompared(
                              side === 'a' ? [e.target.value, compared[1]] : [compared[0], e.target.value],
                            )
                          }
                          data-testid={`journey-segment-${side}`}
                        >
                          {segments.map((x) => (
                            <option key={x.segment} value={x.segment}>
                              {segmentName(x.segment)} ({f.count(x.customers)})
                            </option>
                          ))}
                        </select>
                      </label>
                      {entry && (
                        <PathTable
                          paths={entry.topPaths}
                          name={name}
                          testId={`journey-segment-paths-${side}`}
                        />
                      )}
                    </div>
                  )
                })}
              </div>
            )}
          </section>
        </>
      )}
    </div>
  )
}

/** Paths as rows: the touchpoints in order, the customers who took it and their share. */
function PathTable({
  paths,
  name,
  testId,
}: {
  paths: Paths['topPaths']
  name: (id: string) => string
  testId: string
}) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const locale = i18n.language
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('journeys.path')}</th>
            <th className="num">{t('journeys.customers')}</th>
            <th className="num">{t('journeys.share')}</th>
          </tr>
        </thead>
        <tbody>
          {paths.map((path) => (
            <tr key={path.touchpointIds.join('>')}>
              <td className="wrap" title={path.touchpointIds.map(name).join(' → ')}>
                {shortPath(path.touchpointIds.map(name), (n) => t('journeys.moreSteps', { n }))}
              </td>
              <td className="num">{f.count(path.customers)}</td>
              <td className="num">{formatOne(path.share, locale)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const shownSteps = 8

/** A path of touchpoint names, its first steps only when it is long (the whole path is the cell's title). */
function shortPath(names: string[], more: (n: number) => string): string {
  const head = names.slice(0, shownSteps).join(' → ')
  return names.length > shownSteps ? `${head} → … ${more(names.length - shownSteps)}` : head
}

/** The Sankey of the steps customers take: a node is a touchpoint at a step, so the graph has no cycles. */
function PathsSankey({ paths, name }: { paths: Paths; name: (id: string) => string }) {
  const { t } = useTranslation()
  const option = useMemo(() => {
    const label = new Map(paths.nodes.map((n) => [n.id, name(n.touchpointId)]))
    // A touchpoint keeps its colour at every step, so a loop back to it is seen as one.
    const touchpoints = [...new Set(paths.nodes.map((n) => n.touchpointId))]
    const colour = (id: string) => palette[touchpoints.indexOf(id) % palette.length]
    return {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          emphasis: { focus: 'adjacency' },
          nodeAlign: 'left',
          left: 8,
          right: 90,
          data: paths.nodes.map((n) => ({
            name: n.id,
            value: n.customers,
            itemStyle: { color: colour(n.touchpointId) },
          })),
          links: paths.links.map((l) => ({ source: l.source, target: l.target, value: l.customers })),
          label: { formatter: (p: { name: string }) => label.get(p.name) ?? p.name },
          tooltip: {
            formatter: (p: {
              dataType?: string
              name: string
              value: number
              data: { source?: string; target?: string }
            }) =>
              p.dataType === 'edge'
                ? `${label.get(p.data.source ?? '')} → ${label.get(p.data.target ?? '')}: ${p.value}`
                : `${label.get(p.name)}: ${p.value}`,
          },
          lineStyle: { color: 'gradient', curveness: 0.5 },
        },
      ],
    }
  }, [paths, name])
  const steps = Math.max(1, ...paths.nodes.map((n) => n.step + 1))
  return (
    <section
      className="journey-sankey-scroll"
      aria-label={t('journeys.sankeyTitle')}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart scrolls sideways on a phone; the keyboard must reach it
      tabIndex={0}
    >
      <div style={{ minWidth: Math.max(320, steps * 140) }}>
        <EChart option={option} height={380} testId="journey-sankey" label={t('journeys.sankeyTitle')} />
      </div>
    </section>
  )
}
