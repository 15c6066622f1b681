import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { blankSurvey } from './builder/blank-survey.js'
import { type Language, type SurveySummary, surveysApi, type Text } from './surveys-api.js'
import { toApiError } from './to-api-error.js'
import './surveys.css'
import { useFormat } from '../../use-format.js'

/** A text in the dashboard's language, else English. */
export function pick(text: Text | undefined, language: string): string {
  return (text as Record<string, string> | undefined)?.[language] ?? text?.en ?? ''
}

const surveyLanguages: Language[] = ['en', 'uk', 'ru', 'pl', 'lv']

/** The survey list (active or archived), and a blank survey or a template to start a new one from. */
export function SurveysPage() {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const navigate = useNavigate()
  const [archived, setArchived] = useState(false)
  const list = useApi(`surveys:${workspaceId}:${archived ? 'archived' : 'active'}`, () =>
    surveysApi.list(workspaceId, archived),
  )
  const templates = useApi('survey-templates', () => surveysApi.templates())
  const { sorted, th } = useClientSort(list.data?.items ?? [], {
    name: { value: (s: SurveySummary) => s.name },
    touchpoint: { value: (s) => s.touchpoint },
    npsKind: { value: (s) => t(`surveys.npsKind.${s.npsKind}`) },
    status: { value: (s) => t(`surveys.status.${s.status}`) },
    version: { value: (s) => s.currentVersion, firstDir: 'desc' },
    time: { value: (s) => s.estimatedSeconds, firstDir: 'desc' },
    completed: { value: (s) => s.completed, firstDir: 'desc' },
  })
  const [creating, setCreating] = useState<string | null>(null)
  const [error, setError] = useState<ReturnType<typeof toApiError> | null>(null)

  const [busy, setBusy] = useState<string | null>(null)
  const act = async (id: string, change: () => Promise<unknown>) => {
    setBusy(id)
    setError(null)
    try {
      await change()
      list.reload()
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setBusy(null)
    }
  }
  const duplicate = (id: string) => act(id, () => surveysApi.duplicate(workspaceId, id))
  const archive = (id: string) =>
    act(id, () => (archived ? surveysApi.restore : surveysApi.archive)(workspaceId, id))
  const remove = (id: string, name: string) => {
    if (window.confirm(t('surveys.confirmDelete', { name })))
      void act(id, () => surveysApi.remove(workspaceId, id))
  }

  const create = async (key: string) => {
    setCreating(key)
    try {
      const language = surveyLanguages.find((l) => l === i18n.language) ?? 'en'
      const words = {
        name: t('surveys.blank.name'),
        question: t('surveys.blank.question'),
        thanks: t('surveys.blank.thanks'),
      }
      const survey =
        key === 'blank'
          ? await surveysApi.create(workspaceId, blankSurvey(language, words))
          : await surveysApi.createFromTemplate(workspaceId, key)
      navigate(`/w/${workspaceId}/surveys/${survey.id}`)
    } catch (e) {
      setError(toApiError(e))
      setCreating(null)
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1 className="page-title">{t('surveys.title')}</h1>
        <div className="page-header-spacer" />
        <Link
          className="button button-secondary"
          to={`/w/${workspaceId}/surveys/distribution`}
          data-testid="surveys-distribution"
        >
          {t('surveyDelivery.distribution')}
        </Link>
        <Link
          className="button button-secondary"
          to={`/w/${workspaceId}/surveys/responses`}
          data-testid="surveys-responses"
        >
          {t('surveys.responses')}
        </Link>
      </div>
      <fieldset className="segmented toolbar" aria-label={t('surveys.listView')}>
        {[false, true].map((value) => (
          <label key={String(value)} className="checkbox-label">
            <input
              type="radio"
              name="survey-list"
              checked={archived === value}
              onChange={() => setArchived(value)}
              data-testid={value ? 'surveys-show-archived' : 'surveys-show-active'}
            />
            {value ? t('surveys.archivedList') : t('surveys.activeList')}
          </label>
        ))}
      </fieldset>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.data && (
        <div className="card table-card">
          {list.data.items.length === 0 ? (
            <div className="empty-state" data-testid="surveys-empty">
              <p>{archived ? t('surveys.noArchived') : t('surveys.empty')}</p>
            </div>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="surveys-table">
                <thead>
                  <tr>
                    {th('name', t('surveys.columns.name'))}
                    {th('touchpoint', t('surveys.columns.touchpoint'))}
                    {th('npsKind', t('surveys.columns.npsKind'))}
                    {th('status', t('surveys.columns.status'))}
                    {th('version', t('surveys.columns.version'), true)}
                    {th('time', t('surveys.columns.time'), true)}
                    {th('completed', t('surveys.columns.completed'), true)}
                    <th>{t('surveys.columns.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((s) => (
                    <tr key={s.id} data-testid="survey-row">
                      <td>
                        <Link to={`/w/${workspaceId}/surveys/${s.id}`}>{s.name}</Link>
                      </td>
                      <td className="mono">{s.touchpoint}</td>
                      <td>{t(`surveys.npsKind.${s.npsKind}`)}</td>
                      <td>{t(`surveys.status.${s.status}`)}</td>
                      <td className="num">{s.currentVersion}</td>
                      <td className="num" title={s.estimateWarning ? t('surveys.tooLong') : undefined}>
                        {f.duration(s.estimatedSeconds)}
                        {s.estimateWarning ? ' ⚠' : ''}
                      </td>
                      <td className="num">
                        {f.count(s.completed)} / {f.count(s.responses)}
                      </td>
                      <td className="row-actions">
                        <button
                          type="button"
                          className="button button-secondary"
                          disabled={busy !== null}
                          onClick={() => duplicate(s.id)}
                          aria-label={`${t('surveys.duplicate')}: ${s.name}`}
                          data-testid="survey-duplicate"
                        >
                          {t('surveys.duplicate')}
                        </button>{' '}
                        <button
                          type="button"
                          className="button button-secondary"
                          disabled={busy !== null}
                          onClick={() => archive(s.id)}
                          aria-label={`${archived ? t('surveys.restore') : t('surveys.archive')}: ${s.name}`}
                          data-testid={archived ? 'survey-restore' : 'survey-archive'}
                        >
                          {archived ? t('surveys.restore') : t('surveys.archive')}
                        </button>{' '}
                        <button
                          type="button"
                          className="button button-secondary"
                          // An answered survey is history: it is closed, not deleted (the server refuses too).
                          disabled={busy !== null || s.responses > 0}
                          title={s.responses > 0 ? t('surveys.deleteAnswered') : undefined}
                          onClick={() => remove(s.id, s.name)}
                          aria-label={`${t('surveys.delete')}: ${s.name}`}
                          data-testid="survey-delete"
                        >
                          {t('surveys.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
      {error ? <ErrorNotice error={error} /> : null}
      <h2 className="card-title">{t('surveys.templates')}</h2>
      {templates.data && (
        <div className="template-grid">
          <div className="card" data-testid="template-blank">
            <h3>{t('surveys.blank.title')}</h3>
            <p className="muted small">{t('surveys.blank.meaning')}</p>
            <button
              type="button"
              className="button button-primary"
              disabled={creating !== null}
              onClick={() => create('blank')}
              data-testid="use-template-blank"
            >
              {t('surveys.blank.start')}
            </button>
          </div>
          {templates.data.map((tpl) => (
            <div className="card" key={tpl.key} data-testid={`template-${tpl.key}`}>
              <h3>{pick(tpl.name, i18n.language)}</h3>
              <p className="muted small">{pick(tpl.meaning, i18n.language)}</p>
              <p className="small">
                <strong>{t('surveys.source')}:</strong> {tpl.source}
              </p>
              <p className="small muted">
                {t(`surveys.npsKind.${tpl.npsKind as 'relational'}`)} · {f.duration(tpl.estimatedSeconds)}
              </p>
              <button
                type="button"
                className="button button-primary"
                disabled={creating !== null}
                onClick={() => create(tpl.key)}
                data-testid={`use-template-${tpl.key}`}
              >
                {t('surveys.useTemplate')}
              </button>
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
