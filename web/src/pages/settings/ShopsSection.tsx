import { type FormEvent, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { CopyButton } from './CopyButton.js'
import type { SectionProps } from './SettingsPage.js'
import { settingsApi, type WebhookSource } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

/** Shop webhook sources: the URL and secret to paste into the shop, and the last deliveries received. */
export function ShopsSection({ workspaceId, wholeWorkspace }: SectionProps) {
  const { t } = useTranslation()
  const sources = useApi(`webhook-sources:${workspaceId}`, () =>
    wholeWorkspace ? settingsApi.webhookSources(workspaceId) : Promise.resolve([]),
  )
  const [platform, setPlatform] = useState<WebhookSource['platform']>('shopify')
  const [name, setName] = useState('')
  const action = useAction()
  if (!wholeWorkspace) return <p className="card muted">{t('settings.wholeWorkspaceOnly')}</p>

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    await action.run(async () => {
      await settingsApi.addWebhookSource(workspaceId, { platform, name: name.trim() })
      setName('')
      sources.reload()
    })
  }

  return (
    <>
      <form className="card form" onSubmit={(e) => void submit(e)}>
        <h2 className="card-title">{t('settings.shops.add')}</h2>
        <p className="muted">{t('settings.shops.hint')}</p>
        <div className="settings-form">
          <Field label={t('settings.shops.platform')}>
            <select
              className="select"
              value={platform}
              onChange={(e) => setPlatform(e.target.value as WebhookSource['platform'])}
            >
              <option value="shopify">Shopify</option>
              <option value="woocommerce">WooCommerce</option>
            </select>
          </Field>
          <Field label={t('settings.shops.name')}>
            <input
              className="input"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={200}
            />
          </Field>
          <button type="submit" className="button button-primary" disabled={action.busy}>
            {t('settings.shops.add')}
          </button>
        </div>
        <ActionError error={action.error} />
      </form>
      {sources.error && <ErrorNotice error={sources.error} onRetry={sources.reload} />}
      {(sources.data ?? []).map((s) => (
        <ShopCard key={s.id} workspaceId={workspaceId} source={s} />
      ))}
    </>
  )
}

function ShopCard({ workspaceId, source }: { workspaceId: string; source: WebhookSource }) {
  const { t } = useTranslation()
  const f = useFormat()
  const deliveries = useApi(`deliveries:${source.id}`, () => settingsApi.deliveries(workspaceId, source.id))
  return (
    <div className="card" data-testid="shop">
      <h3 className="card-title">
        {source.name}{' '}
        <span className="badge">{source.platform === 'shopify' ? 'Shopify' : 'WooCommerce'}</span>
      </h3>
      <dl className="details">
        <dt>{t('settings.shops.url')}</dt>
        <dd className="settings-actions">
          <code>{source.url}</code>
          <CopyButton text={source.url} />
        </dd>
        <dt>{t('settings.shops.secret')}</dt>
        <dd className="settings-actions">
          <code>{source.secret}</code>
          <CopyButton text={source.secret} />
        </dd>
        <dt>{t('settings.shops.lastReceived')}</dt>
        <dd>{source.lastReceivedAt ? f.dateTime(source.lastReceivedAt) : t('settings.never')}</dd>
      </dl>
      <h4>{t('settings.shops.deliveries')}</h4>
      {deliveries.data?.length ? (
        <ul>
          {deliveries.data.map((d) => (
            <li key={`${d.receivedAt}${d.bodyHash}`}>
              {f.dateTime(d.receivedAt)}{' '}
              <span className="muted mono">{d.deliveryId ?? d.bodyHash.slice(0, 12)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('settings.shops.noDeliveries')}</p>
      )}
    </div>
  )
}
