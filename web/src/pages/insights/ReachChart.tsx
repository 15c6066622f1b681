import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { EChart } from '../../components/EChart.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { formatValue } from './format-estimate.js'
import { analysisCsvUrl, type InsightWindow, insightsApi } from './insights-api.js'

/** Response rate per program and channel as bars (interval in the tooltip), and the share of buyers heard from. */
export function ReachChart({ workspaceId, window }: { workspaceId: string; window: InsightWindow }) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const reach = useApi(`insights-reach:${workspaceId}:${window.from}:${window.to}`, () =>
    insightsApi.reach(workspaceId, window),
  )
  const rates = reach.data?.rates ?? []
  const option = useMemo(() => {
    const round = (v: number | null | undefined) =>
      v === null || v === undefined ? null : Math.round(v * 10) / 10
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { name: string; value: number | null; data: { ci?: (number | null)[] } }) =>
          `${p.name}: ${p.value === null ? '—' : `${p.value} %`}${p.data.ci ? ` (${t('insights.ci95')} ${p.data.ci[0]} – ${p.data.ci[1]})` : ''}`,
      },
      grid: { left: 160, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rates.map(
          (r) =>
            `${r.programName ?? r.surveyName} · ${t(`surveys.channels.${r.channel as 'link' | 'email' | 'widget' | 'conversation'}`)}`,
        ),
      },
      series: [
        {
          name: t('insights.responseRate'),
          type: 'bar',
          color: '#2563eb',
          data: rates.map((r) => ({
            value: round(r.responseRate.value),
            ci: r.responseRate.ci95?.map(round),
          })),
        },
      ],
    }
  }, [rates, t])
  const heard = reach.data?.heard
  return (
    <section className="card" style={{ marginTop: 16 }} data-testid="insight-reach">
      <div className="page-header">
        <h2 className="card-title">{t('insights.reachTitle')}</h2>
        <div className="page-header-spacer" />
        <a
          className="button"
          href={analysisCsvUrl(workspaceId, 'reach', window)}
          download
          data-testid="insight-reach-csv"
        >
          {t('insights.csv')}
        </a>
      </div>
      <p className="muted">{t('insights.reachHint')}</p>
      {heard && (
        <p data-testid="insight-reach-heard">
          {t('insights.heard', {
            heard: f.count(heard.heard),
            active: f.count(heard.active),
            share: formatValue(heard.share.value, i18n.language),
          })}
        </p>
      )}
      {rates.length > 0 ? (
        <EChart
          option={option}
          height={Math.max(160, 40 * rates.length + 40)}
          testId="insight-reach-chart"
          label={t('insights.reachTitle')}
        />
      ) : (
        reach.data && <div className="muted">{t('insights.noAnswers')}</div>
      )}
    </section>
  )
}
