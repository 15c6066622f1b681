import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { EChart } from '../../components/EChart.js'
import { formatCi, formatEmotion } from './journey-format.js'
import type { Experience } from './journeys-api.js'

const intendedColor = '#6b7280'
const measuredColor = '#2563eb'
const worseColor = '#dc2626'
const betterColor = '#16a34a'

const round = (v: number | null | undefined) =>
  v === null || v === undefined ? null : Math.round(v * 100) / 100

/**
 * The emotion curve across the stages: what the business intends (dashed) and what the answers measure, with
 * the gap between them as bars (red where the customer felt worse than meant); the same figures as a table.
 */
export function EmotionCurve({ curve }: { curve: Experience['emotionCurve'] }) {
  const { t, i18n } = useTranslation()
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {
        data: [t('journeys.intended'), t('journeys.measured'), t('journeys.gap')],
        bottom: 0,
      },
      grid: { left: 40, right: 16, top: 16, bottom: 56, containLabel: true },
      xAxis: {
        type: 'category',
        data: curve.map((s) => s.name),
        axisLabel: { interval: 0, rotate: curve.length > 3 ? 30 : 0 },
      },
      yAxis: { type: 'value', min: -4, max: 4, interval: 1 },
      series: [
        {
          name: t('journeys.intended'),
          type: 'line',
          color: intendedColor,
          lineStyle: { type: 'dashed' },
          connectNulls: true,
          data: curve.map((s) => round(s.intended)),
        },
        {
          name: t('journeys.measured'),
          type: 'line',
          color: measuredColor,
          connectNulls: true,
          data: curve.map((s) => round(s.measured.value)),
        },
        {
          name: t('journeys.gap'),
          type: 'bar',
          barMaxWidth: 24,
          color: worseColor,
          data: curve.map((s) => {
            const gap = gapOf(s)
            return { value: round(gap), itemStyle: { color: (gap ?? 0) < 0 ? worseColor : betterColor } }
          }),
        },
      ],
    }),
    [curve, t],
  )
  const locale = i18n.language
  return (
    <section className="card journey-curve" aria-labelledby="journey-curve-title">
      <h2 className="card-title" id="journey-curve-title">
        {t('journeys.curveTitle')}
      </h2>
      <p className="muted small">{t('journeys.curveHint')}</p>
      <EChart option={option} height={260} testId="journey-emotion-chart" label={t('journeys.curveTitle')} />
      <div className="table-scroll">
        <table className="table" data-testid="journey-emotion-table">
          <thead>
            <tr>
              <th>{t('journeys.stage')}</th>
              <th className="num">{t('journeys.intended')}</th>
              <th className="num">{t('journeys.measured')}</th>
              <th>{t('journeys.ci95')}</th>
              <th className="num">{t('journeys.answers')}</th>
              <th className="num">{t('journeys.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {curve.map((s) => {
              const gap = gapOf(s)
              return (
                <tr key={s.stageId} data-testid="journey-emotion-row">
                  <td>{s.name}</td>
                  <td className="num">{formatEmotion(s.intended, locale)}</td>
                  <td className="num" data-testid="journey-emotion-measured">
                    {formatEmotion(s.measured.value, locale)}
                  </td>
                  <td>{formatCi(s.measured, locale)}</td>
                  <td className="num">{s.measured.n}</td>
                  <td className={`num${gap !== null && gap < 0 ? ' journey-worse' : ''}`}>
                    {formatEmotion(gap, locale)}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** measured − intended of a stage, as the API gives it per touchpoint; null unless both are known. */
function gapOf(s: Experience['emotionCurve'][number]): number | null {
  if (s.intended === null || s.measured.value === null) return null
  return s.measured.value - s.intended
}
