import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Customer } from '../../api-types.js'
import { useFormat } from '../../use-format.js'

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </>
  )
}

function attributeText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return '—'
  return JSON.stringify(value)
}

/** The stored record: fields, purchase stats, consent and free-form attributes. */
export function CustomerRecord({ customer: c }: { customer: Customer }) {
  const { t } = useTranslation()
  const f = useFormat()
  const yesNo = (v: boolean | null) => (
    <span className={`flag ${v ? 'flag-yes' : 'flag-no'}`}>
      {v === null ? t('customer.unknown') : v ? t('customer.yes') : t('customer.no')}
    </span>
  )
  const attributes = Object.entries(c.attributes)

  return (
    <div className="record-column">
      <section className="card stats" data-testid="customer-stats">
        <div className="stat">
          <div className="stat-label">{t('customer.orders')}</div>
          <div className="stat-value" data-testid="customer-orders">
            {f.count(c.ordersCount)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('customer.revenue')}</div>
          <div className="stat-value" data-testid="customer-revenue">
            {f.money(c.revenue, c.currency)}
          </div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('customer.firstOrder')}</div>
          <div className="stat-value small">{f.date(c.firstOrderAt)}</div>
        </div>
        <div className="stat">
          <div className="stat-label">{t('customer.lastOrder')}</div>
          <div className="stat-value small">{f.date(c.lastOrderAt)}</div>
        </div>
      </section>

      <section className="card" data-testid="customer-details">
        <h2 className="card-title">{t('customer.details')}</h2>
        <dl className="details">
          <Row label={t('customer.externalId')}>
            <span className="mono">{c.externalId}</span>
          </Row>
          <Row label={t('customer.name')}>{c.name ?? '—'}</Row>
          <Row label={t('customer.email')} testId="customer-email">
            {c.email ?? '—'}
          </Row>
          <Row label={t('customer.phone')}>{c.phone ?? '—'}</Row>
          <Row label={t('customer.language')}>{c.language ?? '—'}</Row>
          <Row label={t('customer.orgUnit')}>{c.orgUnitName ?? '—'}</Row>
          <Row label={t('customer.createdAt')}>{f.dateTime(c.createdAt)}</Row>
          <Row label={t('customer.updatedAt')}>{f.dateTime(c.updatedAt)}</Row>
        </dl>
      </section>

      <section className="card" data-testid="customer-consent">
        <h2 className="card-title">{t('customer.consent')}</h2>
        <dl className="details">
          <Row label={t('customer.emailOptIn')}>{yesNo(c.emailOptIn)}</Row>
          <Row label={t('customer.smsOptIn')}>{yesNo(c.smsOptIn)}</Row>
          <Row label={t('customer.optedOut')}>{yesNo(c.optedOut)}</Row>
        </dl>
      </section>

      <section className="card" data-testid="customer-attributes">
        <h2 className="card-title">{t('customer.attributes')}</h2>
        {attributes.length === 0 ? (
          <p className="muted">{t('customer.noAttributes')}</p>
        ) : (
          <dl className="details">
            {attributes.map(([key, value]) => (
              <Row key={key} label={key}>
                {attributeText(value)}
              </Row>
            ))}
          </dl>
        )}
      </section>
    </div>
  )
}
