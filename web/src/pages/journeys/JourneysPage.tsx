import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useFormSubmit } from '../../components/use-form-submit.js'
import { useApi } from '../../use-api.js'
import { type JourneyDocument, journeyPagePath, journeysApi } from './journeys-api.js'
import './journeys.css'
import { useFormat } from '../../use-format.js'

type Format = 'json' | 'mermaid'

/** The workspace's journeys; a new one, empty or imported from JSON or Mermaid `journey` text (pasted or a file). */
export function JourneysPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const navigate = useNavigate()
  const list = useApi(`journeys:${workspaceId}`, () => journeysApi.list(workspaceId))
  const { sorted, th } = useClientSort(list.data ?? [], {
    journey: { value: (j) => j.name },
    stages: { value: (j) => j.stages, firstDir: 'desc' },
    touchpoints: { value: (j) => j.touchpoints, firstDir: 'desc' },
    updated: { value: (j) => j.updatedAt, firstDir: 'desc' },
  })
  const [name, setName] = useState('')
  const [format, setFormat] = useState<Format>('mermaid')
  const [text, setText] = useState('')
  const open = (id: string, page: 'map' | 'edit') => navigate(journeyPagePath(workspaceId, id, page))

  const create = useFormSubmit(
    async () => {
      const journey = await journeysApi.create(workspaceId, { name: name.trim() })
      await open(journey.id, 'edit')
    },
    () => (name.trim() ? null : t('journeys.nameRequired')),
  )
  const importing = useFormSubmit(
    async () => {
      const journey =
        format === 'json'
          ? await journeysApi.create(workspaceId, JSON.parse(text) as JourneyDocument)
          : await journeysApi.importMermaid(workspaceId, text)
      await open(journey.id, 'map')
    },
    () => {
      if (!text.trim()) return t('journeys.importEmpty')
      if (format !== 'json') return null
      try {
        JSON.parse(text)
        return null
      } catch (error) {
        return t('journeys.importBadJson', {
          message: error instanceof Error ? error.message : String(error),
        })
      }
    },
  )

  const readFile = async (file: File | undefined) => {
    if (!file) return
    setText(await file.text())
    if (/\.json$/i.test(file.name)) setFormat('json')
    else if (/\.(mmd|mermaid|txt)$/i.test(file.name)) setFormat('mermaid')
  }

  return (
    <div className="page journey-page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('journeys.title')}</h1>
          <div className="muted">{t('journeys.intro')}</div>
        </div>
      </div>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {list.data && list.data.length === 0 && (
        <div className="card empty-state" data-testid="journeys-empty">
          {t('journeys.none')}
        </div>
      )}
      {list.data && list.data.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="journeys-table">
            <thead>
              <tr>
                {th('journey', t('journeys.journey'))}
                {th('stages', t('journeys.stages'), true)}
                {th('touchpoints', t('journeys.touchpoints'), true)}
                {th('updated', t('journeys.updated'))}
                <th>
                  <span className="visually-hidden">{t('journeys.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((j) => (
                <tr key={j.id} data-testid="journey-row">
                  <td className="wrap">
                    <Link to={journeyPagePath(workspaceId, j.id)}>{j.name}</Link>
                    {j.description && <div className="muted small">{j.description}</div>}
                  </td>
                  <td className="num">{f.count(j.stages)}</td>
                  <td className="num">{f.count(j.touchpoints)}</td>
                  <td>{f.date(j.updatedAt)}</td>
                  <td>
                    <Link to={journeyPagePath(workspaceId, j.id, 'edit')}>
                      {t('journeys.tabs.edit')}
                      <span className="visually-hidden"> {j.name}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="journey-two">
        <form className="card form" onSubmit={create.onSubmit} aria-labelledby="journey-new-title">
          <h2 className="card-title" id="journey-new-title">
            {t('journeys.newTitle')}
          </h2>
          <label className="field">
            <span className="field-label">{t('journeys.journeyName')}</span>
            <input
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              data-testid="journey-new-name"
            />
          </label>
          {create.error && (
            <div className="notice notice-error" role="alert">
              {create.error}
            </div>
          )}
          <button
            type="submit"
            className="button button-primary"
            disabled={create.busy}
            data-testid="journey-create"
          >
            {t('journeys.create')}
          </button>
        </form>
        <form className="card form" onSubmit={importing.onSubmit} aria-labelledby="journey-import-title">
          <h2 className="card-title" id="journey-import-title">
            {t('journeys.importTitle')}
          </h2>
          <p className="muted small">{t('journeys.importHint')}</p>
          <label className="field">
            <span className="field-label">{t('journeys.format')}</span>
            <select
              className="select"
              value={format}
              onChange={(e) => setFormat(e.target.value as Format)}
              data-testid="journey-import-format"
            >
              <option value="mermaid">{t('journeys.formatMermaid')}</option>
              <option value="json">{t('journeys.formatJson')}</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('journeys.importFile')}</span>
            <input
              type="file"
              accept=".json,.mmd,.mermaid,.txt,application/json,text/plain"
              onChange={(e) => void readFile(e.target.files?.[0])}
              data-testid="journey-import-file"
            />
          </label>
          <label className="field">
            <span className="field-label">{t('journeys.importText')}</span>
            <textarea
              className="input mono"
              rows={8}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={'journey\n  title …\n  section …\n    …: 3: web'}
              data-testid="journey-import-text"
            />
          </label>
          {importing.error && (
            <div className="notice notice-error" role="alert" data-testid="journey-import-error">
              {importing.error}
            </div>
          )}
          <button
            type="submit"
            className="button button-primary"
            disabled={importing.busy}
            data-testid="journey-import"
          >
            {t('journeys.import')}
          </button>
        </form>
      </div>
    </div>
  )
}
