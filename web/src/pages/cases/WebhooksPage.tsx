import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { casesApi } from './cases-api.js'

const eventTypes = [
  'response.completed',
  'case.opened',
  'case.updated',
  'case.resolved',
  'customer.segment_changed',
]

/** Outgoing webhook endpoints, the secret shown once, and each endpoint's delivery log with replay. */
export function WebhooksPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const endpoints = useApi(`webhooks:${workspaceId}`, () => casesApi.endpoints(workspaceId))
  const [url, setUrl] = useState('')
  const [kind, setKind] = useState<'json' | 'slack'>('json')
  const [secret, setSecret] = useState<string | null>(null)
  const [open, setOpen] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const log = useApi(`deliveries:${workspaceId}:${open}`, async () =>
    open ? casesApi.deliveries(workspaceId, open) : undefined,
  )
  const endpointRows = useClientSort(endpoints.data?.items ?? [], {
    url: { value: (e) => e.url },
    kind: { value: (e) => e.kind },
  })
  const logRows = useClientSort(log.data?.items ?? [], {
    created: { value: (d) => d.createdAt, firstDir: 'desc' },
    status: { value: (d) => t(`cases.delivery.${d.status}`) },
    attempts: { value: (d) => d.attempts, firstDir: 'desc' },
  })

  async function add() {
    setError(null)
    try {
      const created = await casesApi.addEndpoint(workspaceId, { url, kind, events: eventTypes })
      setSecret(created.secret)
      setUrl('')
      endpoints.reload()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }

  return (
    <div className="page">
      <Link className="back-link" to="..">
        ← {t('cases.title')}
      </Link>
      <h1 className="page-title">{t('cases.webhooks')}</h1>
      <p className="muted">{t('cases.webhooksIntro')}</p>
      {endpoints.error && <ErrorNotice error={endpoints.error} onRetry={endpoints.reload} />}
      <div className="toolbar">
        <input
          className="input"
          value={url}
          placeholder="https://…"
          aria-label={t('cases.endpointUrl')}
          onChange={(e) => setUrl(e.target.value)}
        />
        <select
          className="input"
          value={kind}
          aria-label={t('cases.endpointKind')}
          onChange={(e) => setKind(e.target.value as 'json' | 'slack')}
        >
          <option value="json">JSON</option>
          <option value="slack">Slack</option>
        </select>
        <button type="button" className="button" disabled={!url} onClick={add}>
          {t('cases.addEndpoint')}
        </button>
      </div>
      {secret && (
        <div className="notice">
          {t('cases.secretOnce')} <code className="mono">{secret}</code>
        </div>
      )}
      {error && <div className="notice notice-error">{error}</div>}
      <table className="table">
        <thead>
          <tr>
            {endpointRows.th('url', t('cases.endpointUrl'))}
            {endpointRows.th('kind', t('cases.endpointKind'))}
            <th>{t('cases.endpointEvents')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {endpointRows.sorted.map((e) => (
            <tr key={e.id}>
              <td className="mono">{e.url}</td>
              <td>{e.kind}</td>
              <td>{e.events.join(', ')}</td>
              <td>
                <button type="button" className="button button-secondary" onClick={() => setOpen(e.id)}>
                  {t('cases.deliveryLog')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data && (
        <table className="table">
          <thead>
            <tr>
              {logRows.th('created', t('cases.event.label'))}
              {logRows.th('status', t('cases.statusLabel'))}
              {logRows.th('attempts', t('cases.attempts'), true)}
              <th>{t('cases.lastAnswer')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {logRows.sorted.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.eventType} <span className="muted">{f.dateTime(d.createdAt)}</span>
                </td>
                <td>{t(`cases.delivery.${d.status}`)}</td>
                <td>{d.attempts}</td>
                <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={async () => {
                      await casesApi.replay(workspaceId, d.id)
                      log.reload()
                    }}
                  >
                    {t('cases.replay')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
