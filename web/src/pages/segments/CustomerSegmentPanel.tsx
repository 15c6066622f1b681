import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { CustomerPanel, type CustomerPanelProps } from '../../components/CustomerPanel.js'
import { segmentColors } from './segment-colors.js'
import { segmentListPath, segmentsApi } from './segments-api.js'
import './segments.css'
import { useFormat } from '../../use-format.js'

/** On the customer page: the customer's RFM scores, segment, ABC/XYZ classes and purchase habit. */
export function CustomerSegmentPanel({ workspaceId, customerId }: CustomerPanelProps) {
  const { t } = useTranslation()
  const f = useFormat()
  return (
    <CustomerPanel
      id="segment-panel"
      title={t('segments.panelTitle')}
      testId="customer-segment-panel"
      apiKey={`segment-customer:${workspaceId}:${customerId}`}
      load={() => segmentsApi.customer(workspaceId, customerId)}
      unavailable={t('segments.notAnalysed')}
    >
      {(s) => (
        <>
          <p>
            <span className="segment-dot" style={{ background: segmentColors[s.segment] }} />
            <Link to={segmentListPath(workspaceId, { segment: s.segment })} data-testid="customer-segment">
              {t(`segments.names.${s.segment}` as 'segments.names.champions')}
            </Link>{' '}
            <span className="muted">· {t('segments.asOf', { date: f.date(s.asOf) })}</span>
          </p>
          <div className="segment-scores" style={{ margin: '10px 0' }}>
            {(
              [
                ['R', s.r],
                ['F', s.f],
                ['M', s.m],
                ['ABC', s.abc],
                ['XYZ', s.xyz ?? '—'],
                [t('segments.cv'), s.cv ? f.decimal(s.cv) : '—'],
              ] as const
            ).map(([label, value]) => (
              <div className="segment-score" key={label}>
                <div className="value">{value}</div>
                <div className="label">{label}</div>
              </div>
            ))}
          </div>
          <p className="muted">
            {s.medianIntervalDays
              ? t('segments.habit', {
                  days: f.decimal(s.medianIntervalDays),
                  due: f.date(s.nextDue),
                })
              : t('segments.noHabit')}
            {s.habitBroken && (
              <span className="badge" style={{ marginLeft: 6 }} data-testid="customer-habit-broken">
                {t('segments.broken')}
              </span>
            )}
          </p>
        </>
      )}
    </CustomerPanel>
  )
}
