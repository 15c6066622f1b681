import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { EChart } from '../../components/EChart.js'
import type { HoldoutReport } from './forecasts-api.js'

const actualColor = '#1f2937'
const models = [
  { key: 'bgnbd', name: 'BG/NBD', color: '#2563eb', line: 'dashed' },
  { key: 'paretoNbd', name: 'Pareto/NBD', color: '#d97706', line: 'dotted' },
] as const

/** The holdout check as charts: the weekly cumulative tracking curve and expectations by calibration frequency. */
export function ForecastCharts({ validation }: { validation: HoldoutReport }) {
  const { t } = useTranslation()
  // A model that was not fitted has no figures: it gets no line and no legend entry.
  const fitted = useMemo(
    () => models.filter((m) => validation.tracking.some((r) => r[m.key] !== null)),
    [validation],
  )
  const names = useMemo(() => [t('forecasts.actual'), ...fitted.map((m) => m.name)], [t, fitted])
  const tracking = useMemo(() => {
    const rows = validation.tracking
    return {
      ...holdoutChart(
        names,
        t('forecasts.week'),
        rows.map((r) => String(r.week)),
      ),
      series: [
        {
          name: names[0],
          type: 'line',
          showSymbol: false,
          color: actualColor,
          data: rows.map((r) => r.actual),
        },
        ...fitted.map((m) => ({
          name: m.name,
          type: 'line',
          showSymbol: false,
          color: m.color,
          lineStyle: { type: m.line },
          data: rows.map((r) => round(r[m.key])),
        })),
      ],
    }
  }, [validation, t, names, fitted])
  const frequency = useMemo(() => {
    const rows = validation.byFrequency
    return {
      ...holdoutChart(
        names,
        t('forecasts.calibrationPurchases'),
        rows.map((r) => (r.orMore ? `${r.x}+` : String(r.x))),
      ),
      series: [
        { name: names[0], type: 'bar', color: actualColor, data: rows.map((r) => round(r.actual)) },
        ...fitted.map((m) => ({
          name: m.name,
          type: 'line',
          color: m.color,
          data: rows.map((r) => round(r[m.key])),
        })),
      ],
    }
  }, [validation, t, names, fitted])
  return (
    <div style={grid}>
      <section className="card">
        <h2 className="card-title">{t('forecasts.trackingTitle')}</h2>
        <p className="muted">
          {t('forecasts.trackingHint', { start: validation.calibrationEnd, end: validation.holdoutEnd })}
        </p>
        <EChart option={tracking} testId="forecast-tracking-chart" label={t('forecasts.trackingTitle')} />
      </section>
      <section className="card">
        <h2 className="card-title">{t('forecasts.frequencyTitle')}</h2>
        <p className="muted">{t('forecasts.frequencyHint')}</p>
        <EChart option={frequency} testId="forecast-frequency-chart" label={t('forecasts.frequencyTitle')} />
      </section>
    </div>
  )
}

/** What both holdout charts share: colours, legend under the axis name, and a category axis. */
function holdoutChart(names: string[], axisName: string, categories: string[]) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: names, bottom: 0 },
    grid: { left: 50, right: 20, top: 20, bottom: 75 },
    xAxis: { type: 'category', name: axisName, nameLocation: 'middle', nameGap: 28, data: categories },
    yAxis: { type: 'value' },
  }
}

const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000)

const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16 }
