import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { casesApi } from './cases-api.js'

const EChart = lazy(() => import('../../components/EChart.js').then((m) => ({ default: m.EChart })))

const kinds = ['nps', 'csat', 'ces'] as const

/** The case's customer: scores over time, segment, CLV, last touchpoints and earlier cases. */
export function CaseContextPanel({ workspaceId, caseId }: { workspaceId: string; caseId: string }) {
  const { t } = useTranslation()
  const f = useFormat()
  const state = useApi(`case-context:${workspaceId}:${caseId}`, () => casesApi.context(workspaceId, caseId))
  const c = state.data
  if (state.error) return <ErrorNotice error={state.error} onRetry={state.reload} />
  if (!c?.customerId) return null
  const shown = kinds.filter((kind) => c.scores.some((s) => s.kind === kind))
  return (
    <section className="card" style={{ marginTop: 16 }} data-testid="case-context">
      <h2 className="card-title">{t('cases.context.title')}</h2>
      <dl>
        <dt>{t('cases.context.segment')}</dt>
        <dd data-testid="case-context-segment">
          {c.segment
            ? `${t(`segments.names.${c.segment.segment}` as 'segments.names.champions')} · ${c.segment.abc}${c.segment.xyz ?? ''}${c.segment.habitBroken ? ` · ${t('cases.context.habitBroken')}` : ''}`
            : '—'}
        </dd>
        <dt>{t('cases.context.clv')}</dt>
        <dd data-testid="case-context-clv">
          {c.clv?.clv
            ? `${f.money(c.clv.clv)} · P(alive) ${f.percent(c.clv.pAlive, 0)} · ${f.date(c.clv.fittedAt)}`
            : '—'}
        </dd>
      </dl>
      <h3 className="card-title">{t('cases.context.scores')}</h3>
      {c.scores.length === 0 ? (
        <p className="muted">{t('cases.context.noScores')}</p>
      ) : (
        <Suspense fallback={null}>
          <EChart
            height={200}
            testId="case-context-scores"
            label={t('cases.context.scores')}
            option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0 },
              grid: { left: 32, right: 16, top: 32, bottom: 24 },
              xAxis: { type: 'time' },
              yAxis: { type: 'value', min: 0 },
              series: shown.map((kind) => ({
                name: kind.toUpperCase(),
                type: 'line',
                data: c.scores.filter((s) => s.kind === kind).map((s) => [s.at, s.value]),
              })),
            }}
          />
        </Suspense>
      )}
      <h3 className="card-title">{t('cases.context.touchpoints')}</h3>
      {c.touchpoints.length === 0 ? (
        <p className="muted">—</p>
      ) : (
        <ul data-testid="case-context-touchpoints">
          {c.touchpoints.map((p) => (
            <li key={`${p.source}:${p.at}:${p.label}`}>
              <span className="muted">{f.dateTime(p.at)}</span> {p.touchpoint ?? '—'} · {p.label}
              {p.channel ? ` · ${p.channel}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3 className="card-title">{t('cases.context.earlierCases')}</h3>
      {c.earlierCases.length === 0 ? (
        <p className="muted">{t('cases.context.noEarlierCases')}</p>
      ) : (
        <ul data-testid="case-context-earlier">
          {c.earlierCases.map((k) => (
            <li key={k.id}>
              <Link to={`../${k.id}`} relative="path">
                #{k.number} {k.subject}
              </Link>{' '}
              <span className="muted">
                {f.date(k.openedAt)} · {t(`cases.status.${k.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
