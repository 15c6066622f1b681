import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, request } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useMe } from '../../session.js'

/** On the customer page, for owners and admins: download the customer's data, or erase it after a confirmation. */
export function CustomerDataRights(props: { workspaceId: string; customerId: string; onErased(): void }) {
  const { t } = useTranslation()
  const me = useMe()
  const [confirming, setConfirming] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const role = me.workspaces.find((w) => w.id === props.workspaceId)?.role
  if (role !== 'owner' && role !== 'admin') return null
  const base = `/api/v1/workspaces/${encodeURIComponent(props.workspaceId)}/customers/${encodeURIComponent(props.customerId)}`

  const erase = async () => {
    setBusy(true)
    setError(null)
    try {
      await request('POST', `${base}/erase`, reason.trim() ? { reason: reason.trim() } : {})
      setConfirming(false)
      props.onErased()
    } catch (caught) {
      setError(caught as ApiError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="data-rights-title" data-testid="customer-data-rights">
      <h2 className="card-title" id="data-rights-title">
        {t('privacy.title')}
      </h2>
      <p className="muted">{t('privacy.hint')}</p>
      <div className="toolbar">
        <a className="button button-secondary" href={`${base}/export`} download data-testid="customer-export">
          {t('privacy.export')}
        </a>
        {!confirming && (
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
            {t('privacy.erase')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="notice notice-error" role="alertdialog" aria-labelledby="erase-warning">
          <p id="erase-warning">{t('privacy.eraseWarning')}</p>
          <label className="field">
            <span className="field-label">{t('privacy.reason')}</span>
            <input
              className="input"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <div className="toolbar">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={erase}
              data-testid="customer-erase-confirm"
            >
              {t('privacy.eraseConfirm')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              {t('privacy.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  )
}
