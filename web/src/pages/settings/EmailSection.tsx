import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useApi } from '../../use-api.js'
import type { SectionProps } from './SettingsPage.js'
import { settingsApi } from './settings-api.js'
import { ActionError, useAction } from './use-action.js'

/** E-mail: whether SMTP is set up, the From address, a test send. */
export function EmailSection({ workspaceId, wholeWorkspace }: SectionProps) {
  const { t } = useTranslation()
  const status = useApi(`mail:${workspaceId}`, () => settingsApi.mail(workspaceId))
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [result, setResult] = useState<string | null>(null)
  const save = useAction()
  const test = useAction()
  useEffect(() => {
    if (status.data) setFrom(status.data.workspaceFrom ?? '')
  }, [status.data])
  if (status.error) return <ErrorNotice error={status.error} onRetry={status.reload} />
  const mail = status.data
  if (!mail) return <div className="muted">{t('app.loading')}</div>

  const saveFrom = async (e: FormEvent) => {
    e.preventDefault()
    await save.run(async () => {
      await settingsApi.saveSettings(workspaceId, { mailFrom: from.trim() === '' ? null : from.trim() })
      status.reload()
    })
  }
  const sendTest = async (e: FormEvent) => {
    e.preventDefault()
    setResult(null)
    await test.run(async () => {
      const sent = await settingsApi.testMail(workspaceId, to)
      setResult(
        sent.sent ? t('settings.email.testSent') : t('settings.email.testFailed', { error: sent.error }),
      )
    })
  }

  return (
    <>
      <div className="card" data-testid="smtp-status">
        <h2 className="card-title">{t('settings.email.smtp')}</h2>
        <p>
          <span className={`flag ${mail.smtpConfigured ? 'flag-yes' : 'flag-no'}`}>
            {mail.smtpConfigured ? t('settings.email.configured') : t('settings.email.notConfigured')}
          </span>
        </p>
        <p className="muted">
          {t('settings.email.currentFrom')} <code>{mail.from}</code>
        </p>
      </div>
      <form className="card form" onSubmit={(e) => void saveFrom(e)}>
        <fieldset className="settings-form" disabled={!wholeWorkspace}>
          <Field
            label={t('settings.email.from')}
            hint={t('settings.email.fromHint', { server: mail.serverFrom })}
          >
            <input className="input" value={from} onChange={(e) => setFrom(e.target.value)} maxLength={250} />
          </Field>
          <button type="submit" className="button button-primary" disabled={save.busy}>
            {t('settings.save')}
          </button>
        </fieldset>
        <ActionError error={save.error} />
      </form>
      <form className="card form" onSubmit={(e) => void sendTest(e)}>
        <fieldset className="settings-form" disabled={!mail.smtpConfigured || !wholeWorkspace}>
          <Field label={t('settings.email.testTo')}>
            <input
              className="input"
              type="email"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              required
            />
          </Field>
          <button type="submit" className="button button-secondary" disabled={test.busy}>
            {t('settings.email.sendTest')}
          </button>
        </fieldset>
        <ActionError error={test.error} />
        {result && <p role="status">{result}</p>}
      </form>
    </>
  )
}
