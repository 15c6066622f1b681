import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { ApiError } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useApi } from '../../use-api.js'
import { newQuestion, QuestionEditor } from './QuestionEditor.js'
import {
  type Definition,
  type Estimate,
  formatDuration,
  previewUrl,
  type Question,
  qrUrl,
  type Survey,
  surveysApi,
} from './surveys-api.js'
import { toApiError } from './to-api-error.js'

const allLanguages = ['en', 'uk', 'ru', 'pl', 'lv']
const types: Question['type'][] = ['nps', 'csat', 'ces', 'rating', 'single', 'multiple', 'text', 'battery']

/** The builder: settings, questions and translations, the time estimate, links and a live preview. */
export function SurveyBuilderPage() {
  const { workspaceId = '', surveyId = '' } = useParams()
  const loaded = useApi(`survey:${workspaceId}:${surveyId}`, () => surveysApi.get(workspaceId, surveyId))
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
  if (!loaded.data) return null
  return (
    <Builder
      key={`${loaded.data.id}:${loaded.data.currentVersion}`}
      workspaceId={workspaceId}
      initial={loaded.data}
    />
  )
}

function Builder({ workspaceId, initial }: { workspaceId: string; initial: Survey }) {
  const { t } = useTranslation()
  const [survey, setSurvey] = useState(initial)
  const [draft, setDraft] = useState<Definition>(initial.definition)
  const [settings, setSettings] = useState({
    name: initial.name,
    touchpoint: initial.touchpoint,
    npsKind: initial.npsKind,
    status: initial.status,
  })
  const [language, setLanguage] = useState(initial.definition.defaultLanguage)
  const [estimate, setEstimate] = useState<Estimate | null>(null)
  const [json, setJson] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [saved, setSaved] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const [preview, setPreview] = useState({ lang: initial.definition.defaultLanguage, mode: 'page', n: 0 })

  useEffect(() => {
    const timer = setTimeout(() => {
      surveysApi.estimate(workspaceId, draft).then(setEstimate, () => undefined)
    }, 300)
    return () => clearTimeout(timer)
  }, [workspaceId, draft])

  const updateQuestion = (p: number, i: number, q: Question | null) =>
    setDraft((d) => ({
      ...d,
      pages: d.pages.map((page, pi) =>
        pi !== p
          ? page
          : { ...page, questions: page.questions.flatMap((x, qi) => (qi !== i ? [x] : q ? [q] : [])) },
      ),
    }))

  const addQuestion = (type: Question['type']) => {
    const ids = new Set(draft.pages.flatMap((p) => p.questions.map((q) => q.id)))
    let n = ids.size + 1
    while (ids.has(`q${n}`)) n += 1
    const last = draft.pages.length - 1
    setDraft((d) => ({
      ...d,
      pages: d.pages.map((page, pi) =>
        pi === last
          ? { ...page, questions: [...page.questions, newQuestion(type, `q${n}`, d.defaultLanguage)] }
          : page,
      ),
    }))
  }

  const toggleLanguage = (code: string) =>
    setDraft((d) =>
      code === d.defaultLanguage
        ? d
        : {
            ...d,
            languages: d.languages.includes(code)
              ? d.languages.filter((l) => l !== code)
              : [...d.languages, code],
          },
    )

  const save = async () => {
    setSaving(true)
    setError(null)
    try {
      const next = await surveysApi.update(workspaceId, survey.id, { ...settings, definition: draft })
      setSurvey(next)
      setSaved(true)
      setPreview((p) => ({ ...p, n: p.n + 1 }))
    } catch (e) {
      setError(toApiError(e))
    } finally {
      setSaving(false)
    }
  }

  const origin = window.location.origin
  const conversationUrl = `${origin}${survey.anonymousUrl}?mode=conversation`
  return (
    <div className="page">
      <div className="page-header">
        <Link className="back-link" to={`/w/${workspaceId}/surveys`}>
          ← {t('surveys.title')}
        </Link>
        <h1 className="page-title" data-testid="builder-title">
          {survey.name}
        </h1>
        <span className="badge">v{survey.currentVersion}</span>
        <div className="page-header-spacer" />
        <Link
          className="button button-secondary"
          to={`/w/${workspaceId}/surveys/responses?surveyId=${survey.id}`}
        >
          {t('surveys.responses')}
        </Link>
        <button
          type="button"
          className="button button-primary"
          onClick={save}
          disabled={saving}
          data-testid="builder-save"
        >
          {t('surveys.builder.save')}
        </button>
      </div>
      {error && <ErrorNotice error={error} />}
      {saved && !error && (
        <div className="notice" data-testid="builder-saved">
          {t('surveys.builder.saved', { version: survey.currentVersion })}
        </div>
      )}
      <div className="builder-layout">
        <div className="builder-main">
          <div className="card form">
            <Field label={t('surveys.columns.name')}>
              <input
                className="input"
                value={settings.name}
                onChange={(e) => setSettings({ ...settings, name: e.target.value })}
              />
            </Field>
            <Field label={t('surveys.columns.touchpoint')}>
              <input
                className="input"
                value={settings.touchpoint}
                onChange={(e) => setSettings({ ...settings, touchpoint: e.target.value })}
              />
            </Field>
            <Field label={t('surveys.columns.npsKind')}>
              <select
                className="select"
                value={settings.npsKind}
                onChange={(e) => setSettings({ ...settings, npsKind: e.target.value as Survey['npsKind'] })}
              >
                <option value="transactional">{t('surveys.npsKind.transactional')}</option>
                <option value="relational">{t('surveys.npsKind.relational')}</option>
              </select>
            </Field>
            <Field label={t('surveys.columns.status')}>
              <select
                className="select"
                value={settings.status}
                onChange={(e) => setSettings({ ...settings, status: e.target.value as Survey['status'] })}
                data-testid="builder-status"
              >
                {(['draft', 'active', 'closed'] as const).map((s) => (
                  <option key={s} value={s}>
                    {t(`surveys.status.${s}`)}
                  </option>
                ))}
              </select>
            </Field>
            <div className="field">
              <span className="field-label">{t('surveys.builder.languages')}</span>
              <div className="toolbar">
                {allLanguages.map((code) => (
                  <label className="checkbox-label" key={code}>
                    <input
                      type="checkbox"
                      className="checkbox"
                      checked={draft.languages.includes(code)}
                      disabled={code === draft.defaultLanguage}
                      onChange={() => toggleLanguage(code)}
                    />
                    {code}
                  </label>
                ))}
              </div>
            </div>
          </div>

          <div className="card" data-testid="builder-estimate">
            {estimate?.valid ? (
              <p className={estimate.estimateWarning ? 'notice notice-error' : ''}>
                {t('surveys.builder.estimate', { time: formatDuration(estimate.estimatedSeconds ?? 0) })}
                {estimate.estimateWarning ? ` ${t('surveys.tooLong')}` : ''}
              </p>
            ) : estimate ? (
              <ul className="notice notice-error" data-testid="builder-issues">
                {estimate.issues.slice(0, 5).map((i) => (
                  <li key={`${i.field}:${i.message}`}>
                    <span className="mono">{i.field}</span>: {i.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>

          <div className="toolbar">
            <span className="field-label">{t('surveys.builder.editLanguage')}</span>
            <select
              className="select"
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              data-testid="builder-language"
            >
              {draft.languages.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
          <Field label={t('surveys.builder.surveyTitle')}>
            <input
              className="input"
              value={draft.title[language as 'en'] ?? ''}
              placeholder={draft.title[draft.defaultLanguage as 'en'] ?? ''}
              onChange={(e) =>
                setDraft({ ...draft, title: { ...draft.title, [language]: e.target.value || undefined } })
              }
              data-testid="builder-survey-title"
            />
          </Field>
          {draft.pages.map((page, p) => (
            <div key={page.id}>
              <h3 className="small muted">{page.title?.[language as 'en'] ?? page.title?.en ?? page.id}</h3>
              {page.questions.map((q, i) => (
                <QuestionEditor
                  key={q.id}
                  question={q}
                  language={language}
                  fallback={draft.defaultLanguage}
                  onChange={(next) => updateQuestion(p, i, next)}
                  onRemove={() => updateQuestion(p, i, null)}
                />
              ))}
            </div>
          ))}
          <div className="toolbar">
            <span className="field-label">{t('surveys.builder.addQuestion')}</span>
            {types.map((type) => (
              <button
                type="button"
                className="button button-secondary"
                key={type}
                onClick={() => addQuestion(type)}
                data-testid={`add-${type}`}
              >
                {t(`surveys.types.${type}`)}
              </button>
            ))}
          </div>
          <details
            className="card"
            onToggle={(e) =>
              setJson((e.target as HTMLDetailsElement).open ? JSON.stringify(draft, null, 2) : null)
            }
          >
            <summary>{t('surveys.builder.json')}</summary>
            <p className="small muted">{t('surveys.builder.jsonHint')}</p>
            {json !== null && (
              <>
                <textarea
                  className="input mono"
                  rows={16}
                  value={json}
                  onChange={(e) => setJson(e.target.value)}
                />
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => {
                    try {
                      setDraft(JSON.parse(json) as Definition)
                    } catch (e) {
                      setError(toApiError(e))
                    }
                  }}
                >
                  {t('surveys.builder.applyJson')}
                </button>
              </>
            )}
          </details>
        </div>

        <div className="builder-side">
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
          <div className="card">
            <h3 className="card-title">{t('surveys.builder.preview')}</h3>
            <div className="toolbar">
              <select
                className="select"
                value={preview.lang}
                onChange={(e) => setPreview({ ...preview, lang: e.target.value })}
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
                value={preview.mode}
                onChange={(e) => setPreview({ ...preview, mode: e.target.value })}
                data-testid="preview-mode"
              >
                <option value="page">{t('surveys.builder.modePage')}</option>
                <option value="conversation">{t('surveys.builder.modeConversation')}</option>
              </select>
            </div>
            <p className="small muted">{t('surveys.builder.previewHint')}</p>
            <iframe
              key={preview.n}
              title={t('surveys.builder.preview')}
              className="builder-preview"
              src={previewUrl(workspaceId, survey.id, preview.lang, preview.mode)}
              data-testid="builder-preview"
            />
          </div>
        </div>
      </div>
    </div>
  )
}
