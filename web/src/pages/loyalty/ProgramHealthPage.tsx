import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { EChart } from '../../components/EChart.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { LoyaltyTabs } from './LoyaltyTabs.js'
import { loyaltyApi, type ProgramHealth } from './loyalty-api.js'

const windows = [90, 365, 730] as const

/** Is the program building engagement or handing out points? The API's figures over a chosen window. */
export function ProgramHealthPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [days, setDays] = useState<number>(365)
  const health = useApi(`loyalty-health:${workspaceId}:${days}`, () => loyaltyApi.health(workspaceId, days))
  const percent = (share: string | null) => f.percent(share, 2)
  const h = health.data
  return (
    <div className="page">
      <LoyaltyTabs />
      <div className="toolbar">
        <label>
          {t('loyalty.health.window')}{' '}
          <select
            className="input"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            data-testid="loyalty-health-window"
          >
            {windows.map((d) => (
              <option key={d} value={d}>
                {t('loyalty.health.days', { days: d })}
              </option>
            ))}
          </select>
        </label>
      </div>
      {health.error && <ErrorNotice error={health.error} onRetry={health.reload} />}
      {!h && !health.error && <div className="muted">{t('app.loading')}</div>}
      {h && (
        <>
          <div className="loyalty-cards">
            <section className="card" data-testid="loyalty-engaged">
              <h2 className="card-title">{t('loyalty.health.engaged')}</h2>
              <div className="loyalty-figure" data-testid="loyalty-engaged-share">
                {percent(h.engagedShare)}
              </div>
              <div className="muted">
                {t('loyalty.health.engagedOf', {
                  engaged: f.count(h.engaged),
                  members: f.count(h.members),
                })}
              </div>
              <div className="muted">{t('loyalty.health.redeemingOnly', { n: h.redeemingOnly })}</div>
            </section>
            <section className="card" data-testid="loyalty-liability">
              <h2 className="card-title">{t('loyalty.health.liability')}</h2>
              <div className="loyalty-figure" data-testid="loyalty-liability-points">
                {f.decimal(h.liability.points)}
              </div>
              <div className="muted" data-testid="loyalty-liability-value">
                {h.liability.value === null
                  ? t('loyalty.health.noPointValue')
                  : t('loyalty.health.worth', { value: f.money(h.liability.value, h.currency) })}
              </div>
            </section>
            <section className="card" data-testid="loyalty-cost">
              <h2 className="card-title">{t('loyalty.health.cost')}</h2>
              <div className="loyalty-figure" data-testid="loyalty-cost-share">
                {percent(h.issued.costShare)}
              </div>
              <div className="muted" data-testid="loyalty-cost-detail">
                {t('loyalty.health.costDetail', {
                  points: f.decimal(h.issued.points),
                  cost: h.issued.cost === null ? '—' : f.money(h.issued.cost, h.currency),
                  revenue: f.money(h.issued.revenue, h.currency),
                })}
              </div>
            </section>
          </div>
          <section className="card" aria-labelledby="tier-movements-title">
            <h2 className="card-title" id="tier-movements-title">
              {t('loyalty.health.movements')}
            </h2>
            {h.tierMovements.length === 0 ? (
              <div className="muted">{t('loyalty.health.noMovements')}</div>
            ) : (
              <MovementsChart movements={h.tierMovements} />
            )}
          </section>
        </>
      )}
    </div>
  )
}

function MovementsChart({ movements }: { movements: ProgramHealth['tierMovements'] }) {
  const { t } = useTranslation()
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('loyalty.health.upgrades'), t('loyalty.health.downgrades')], bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 60 },
      xAxis: { type: 'category', data: movements.map((m) => m.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('loyalty.health.upgrades'),
          type: 'bar',
          color: '#067647',
          data: movements.map((m) => m.upgrades),
        },
        {
          name: t('loyalty.health.downgrades'),
          type: 'bar',
          color: '#b54708',
          data: movements.map((m) => m.downgrades),
        },
      ],
    }),
    [movements, t],
  )
  const { sorted, th } = useClientSort(movements, {
    month: { value: (m) => m.month },
    upgrades: { value: (m) => m.upgrades, firstDir: 'desc' },
    downgrades: { value: (m) => m.downgrades, firstDir: 'desc' },
  })
  return (
    <>
      <EChart
        option={option}
        height={280}
        testId="loyalty-movements-chart"
        label={t('loyalty.health.movements')}
      />
      <details>
        <summary className="muted">{t('loyalty.health.movementsTable')}</summary>
        <table className="table" data-testid="loyalty-movements-table">
          <thead>
            <tr>
              {th('month', t('loyalty.health.month'))}
              {th('upgrades', t('loyalty.health.upgrades'), true)}
              {th('downgrades', t('loyalty.health.downgrades'), true)}
            </tr>
          </thead>
          <tbody>
            {sorted.map((m) => (
              <tr key={m.month}>
                <td>{m.month}</td>
                <td className="num">{m.upgrades}</td>
                <td className="num">{m.downgrades}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  )
}
