import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { previewUrl, qrUrl, type Survey } from '../surveys-api.js'

/** The saved survey's links and QR code, and a live preview that reloads after each save. */
export function SidePanel({
  workspaceId,
  survey,
  saves,
}: {
  workspaceId: string
  survey: Survey
  saves: number
}) {
  return (
    <div className="builder-side">
      <LinksCard workspaceId={workspaceId} survey={survey} />
      <PreviewCard workspaceId={workspaceId} survey={survey} saves={saves} />
    </div>
  )
}

function LinksCard({ workspaceId, survey }: { workspaceId: string; survey: Survey }) {
  const { t } = useTranslation()
  const origin = window.location.origin
  const conversationUrl = `${origin}${survey.anonymousUrl}?mode=conversation`
  if (survey.status !== 'active' || survey.archivedAt !== null)
    return (
      <div className="card">
        <h3 className="card-title">{t('surveys.builder.links')}</h3>
        <p className="notice notice-warn" data-testid="builder-not-shared">
          {survey.archivedAt !== null
            ? t('surveys.builder.archivedState')
            : survey.status === 'draft'
              ? t('surveys.builder.draftState')
              : t('surveys.builder.closedState')}
        </p>
      </div>
    )
  return (
    <div className="card">
      <h3 className="card-title">{t('surveys.builder.links')}</h3>
      <p className="small">
        {t('surveys.builder.anonymousLink')}:{' '}
        <a
          href={survey.anonymousUrl}
          target="_blank"
          rel="noreferrer"
          className="mono"
          data-testid="builder-link"
        >
          {origin}
          {survey.anonymousUrl}
        </a>
      </p>
      <p className="small">
        {t('surveys.builder.conversationLink')}:{' '}
        <a href={conversationUrl} target="_blank" rel="noreferrer" className="mono">
          {conversationUrl}
        </a>
      </p>
      <img
        src={qrUrl(workspaceId, survey.id)}
        alt={t('surveys.builder.qr')}
        width={160}
        height={160}
        data-testid="builder-qr"
      />
      <p className="small muted">{t('surveys.builder.personalHint')}</p>
    </div>
  )
}

function PreviewCard({ workspaceId, survey, saves }: { workspaceId: string; survey: Survey; saves: number }) {
  const { t } = useTranslation()
  const [lang, setLang] = useState(survey.definition.defaultLanguage)
  const [mode, setMode] = useState('page')
  return (
    <div className="card">
      <h3 className="card-title">{t('surveys.builder.preview')}</h3>
      <div className="toolbar">
        <select
          className="select"
          value={lang}
          aria-label={t('surveys.builder.previewLanguage')}
          onChange={(e) => setLang(survey.definition.languages.find((l) => l === e.target.value) ?? lang)}
          data-testid="preview-language"
        >
          {survey.definition.languages.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
        <select
          className="select"
          value={mode}
          aria-label={t('surveys.builder.previewMode')}
          onChange={(e) => setMode(e.target.value)}
          data-testid="preview-mode"
        >
          <option value="page">{t('surveys.builder.modePage')}</option>
          <option value="conversation">{t('surveys.builder.modeConversation')}</option>
        </select>
      </div>
      <p className="small muted">{t('surveys.builder.previewHint')}</p>
      <iframe
        key={saves}
        title={t('surveys.builder.preview')}
        className="builder-preview"
        src={previewUrl(workspaceId, survey.id, lang, mode)}
        data-testid="builder-preview"
      />
    </div>
  )
}
