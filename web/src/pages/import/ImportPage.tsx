import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { Field } from '../../components/Field.js'
import { formErrorText } from '../../components/form-error.js'
import { useApi } from '../../use-api.js'
import { surveysApi } from '../surveys/surveys-api.js'
import {
  badLinesUrl,
  type ImportKind,
  type ImportPreview,
  type ImportRun,
  importApi,
  uploadImportFile,
} from './import-api.js'
import '../settings/settings.css'
import { useFormat } from '../../use-format.js'

const kinds: ImportKind[] = ['customers', 'orders', 'events', 'responses']
const reportCounts = {
  records: ['read', 'imported', 'updated', 'unchanged', 'skipped', 'customersCreated'],
  responses: ['read', 'imported', 'unchanged', 'unlinked', 'skipped'],
} as const

/** The import wizard: choose a file, check the mapping, import in the background, read the report. */
export function ImportPage() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [run, setRun] = useState<ImportRun | null>(null)
  const reset = () => {
    setPreview(null)
    setRun(null)
  }
  return (
    <div className="page">
      <div className="page-header">
        <h1 className="page-title">{t('importer.title')}</h1>
      </div>
      <div className="import-steps">
        {!preview && <UploadStep workspaceId={workspaceId} onUploaded={setPreview} />}
        {preview && !run && (
          <MappingStep workspaceId={workspaceId} preview={preview} onStarted={setRun} onBack={reset} />
        )}
        {run && <RunStep workspaceId={workspaceId} started={run} onAnother={reset} />}
      </div>
    </div>
  )
}

function UploadStep({
  workspaceId,
  onUploaded,
}: {
  workspaceId: string
  onUploaded: (p: ImportPreview) => void
}) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<ImportKind>('orders')
  const [surveyId, setSurveyId] = useState('')
  const surveys = useApi(`import-surveys:${workspaceId}`, () => surveysApi.list(workspaceId))
  const [file, setFile] = useState<File | null>(null)
  const [share, setShare] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!file) return
    setError(null)
    setShare(0)
    try {
      const survey = kind === 'responses' ? surveyId || surveys.data?.items[0]?.id : undefined
      onUploaded(await uploadImportFile(workspaceId, kind, file, setShare, survey))
    } catch (err) {
      setError(formErrorText(err, t))
      setShare(null)
    }
  }
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} data-testid="import-upload-form">
      <h2 className="card-title">{t('importer.step1')}</h2>
      <div className="settings-form">
        <Field label={t('importer.kind')}>
          <select
            className="select"
            value={kind}
            onChange={(e) => setKind(e.target.value as ImportKind)}
            data-testid="import-kind"
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`importer.kinds.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        {kind === 'responses' && (
          <Field label={t('importer.survey')} hint={t('importer.surveyHint')}>
            <select
              className="select"
              value={surveyId || surveys.data?.items[0]?.id || ''}
              onChange={(e) => setSurveyId(e.target.value)}
              required
              data-testid="import-survey"
            >
              {(surveys.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label={t('importer.file')} hint={t('importer.fileHint')}>
          <input
            className="input"
            type="file"
            accept=".csv,.tsv,.txt,.gz,text/csv,text/tab-separated-values,application/gzip"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            required
            data-testid="import-file"
          />
        </Field>
        <button
          type="submit"
          className="button button-primary"
          disabled={!file || share !== null}
          data-testid="import-upload"
        >
          {t('importer.upload')}
        </button>
      </div>
      {share !== null && (
        <Field label={t('importer.uploading', { percent: Math.round(share * 100) })}>
          <progress className="progress" value={share} max={1} />
        </Field>
      )}
      {error && (
        <div className="notice notice-error" role="alert" data-testid="import-error">
          {error}
        </div>
      )}
    </form>
  )
}

function MappingStep({
  workspaceId,
  preview,
  onStarted,
  onBack,
}: {
  workspaceId: string
  preview: ImportPreview
  onStarted: (run: ImportRun) => void
  onBack: () => void
}) {
  const { t } = useTranslation()
  const kind = preview.run.kind
  const [columns, setColumns] = useState<Record<string, string>>(preview.mapping)
  const [dateFormat, setDateFormat] = useState(preview.dateFormat)
  const [save, setSave] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const delimiterName = preview.delimiter === '\t' ? 'tab' : preview.delimiter
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      onStarted(await importApi.start(workspaceId, preview.run.id, { columns, dateFormat, save }))
    } catch (err) {
      setError(formErrorText(err, t))
      setBusy(false)
    }
  }
  const setColumn = (column: string, header: string) => {
    const next = { ...columns }
    if (header === '') delete next[column]
    else next[column] = header
    setColumns(next)
    // The date column chosen by hand brings the format its first values are read in.
    const detected = preview.dateFormats[header]
    if (column === preview.dateColumn && detected) setDateFormat(detected)
  }
  return (
    <form className="import-steps" onSubmit={(e) => void submit(e)} data-testid="import-mapping-form">
      <div className="card table-card">
        <h2 className="card-title">
          {t('importer.preview')} <span className="muted small">{preview.run.fileName}</span>
        </h2>
        <p className="muted">{t('importer.delimiter', { delimiter: delimiterName })}</p>
        <div className="table-scroll">
          <table className="table" data-testid="import-preview">
            <thead>
              <tr>
                {preview.headers.map((h, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: headers may repeat; their place is their identity
                  <th key={i} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no id of their own
                <tr key={r}>
                  {row.map((cell, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                    <td key={i}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="card form">
        <h2 className="card-title">{t('importer.mapping')}</h2>
        <p className="muted">
          {preview.savedMapping ? t('importer.savedMapping') : t('importer.mappingHint')}
        </p>
        <div className="settings-form">
          {preview.columns.map((column) => (
            <Field
              key={column}
              label={`${column}${preview.required.includes(column) ? ` (${t('importer.required')})` : ''}`}
            >
              <select
                className="select"
                value={columns[column] ?? ''}
                onChange={(e) => setColumn(column, e.target.value)}
                data-testid={`import-map-${column}`}
              >
                <option value="">{t('importer.notMapped')}</option>
                {preview.headers.map((h) => (
                  <option key={h} value={h}>
                    {h}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
        <div className="settings-form">
          <Field label={t('importer.dateFormat')} hint={t('importer.dateFormatHint')}>
            <input
              className="input mono"
              list="date-formats"
              value={dateFormat}
              onChange={(e) => setDateFormat(e.target.value)}
              required
              maxLength={60}
              data-testid="import-date-format"
            />
          </Field>
          <datalist id="date-formats">
            {preview.dateFormatChoices.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
        </div>
        <label className="checkbox-label">
          <input
            type="checkbox"
            className="checkbox"
            checked={save}
            onChange={(e) => setSave(e.target.checked)}
            data-testid="import-save-mapping"
          />
          {t('importer.saveMapping', { kind: t(`importer.kinds.${kind}`) })}
        </label>
        {error && (
          <div className="notice notice-error" role="alert" data-testid="import-error">
            {error}
          </div>
        )}
        <div className="settings-actions">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="import-start">
            {t('importer.start')}
          </button>
          <button type="button" className="button button-secondary" onClick={onBack}>
            {t('settings.cancel')}
          </button>
        </div>
      </div>
    </form>
  )
}

function RunStep({
  workspaceId,
  started,
  onAnother,
}: {
  workspaceId: string
  started: ImportRun
  onAnother: () => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const [run, setRun] = useState(started)
  const [pollError, setPollError] = useState<string | null>(null)
  const finished = run.status === 'done' || run.status === 'failed'
  useEffect(() => {
    if (finished) return
    const timer = setTimeout(() => {
      importApi.get(workspaceId, run.id).then(
        (next) => {
          setPollError(null)
          setRun(next)
        },
        (err: unknown) => {
          setPollError(formErrorText(err, t))
          setRun({ ...run })
        },
      )
    }, 400)
    return () => clearTimeout(timer)
  }, [run, finished, workspaceId, t])
  const count = (n: number) => f.count(n)
  const report = run.report
  return (
    <div className="card" data-testid="import-run" data-status={run.status}>
      <h2 className="card-title">{finished ? t('importer.report') : t('importer.progress')}</h2>
      {!finished && (
        <Field
          label={
            run.status === 'queued'
              ? t('importer.queued')
              : t('importer.rowsRead', { rows: count(run.rowsRead) })
          }
          testId="import-progress"
        >
          <progress className="progress" value={run.bytesRead} max={Math.max(run.fileSize, 1)} />
        </Field>
      )}
      {pollError && <p className="notice notice-error">{pollError}</p>}
      {run.error && (
        <div className="notice notice-error" role="alert">
          {t('importer.failed', { error: run.error })}
        </div>
      )}
      {report && (
        <div data-testid="import-report">
          <div className="stats">
            {reportCounts[run.kind === 'responses' ? 'responses' : 'records'].map((key) => (
              <div key={key}>
                <div className="stat-label">{t(`importer.counts.${key}`)}</div>
                <div className="stat-value" data-testid={`import-count-${key}`}>
                  {count(report[key] ?? 0)}
                </div>
              </div>
            ))}
          </div>
          {report.skipped > 0 && (
            <>
              <h3>{t('importer.badLines')}</h3>
              <a
                className="button button-secondary"
                href={badLinesUrl(workspaceId, run.id)}
                download
                data-testid="import-bad-lines"
              >
                {t('importer.downloadBadLines')}
              </a>
              <div className="table-scroll">
                <table className="table" data-testid="import-errors">
                  <thead>
                    <tr>
                      <th scope="col">{t('importer.line')}</th>
                      <th scope="col">{t('importer.field')}</th>
                      <th scope="col">{t('importer.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.map((e, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: one line may have several errors
                      <tr key={i}>
                        <td className="num">{e.line ?? ''}</td>
                        <td>{e.field ?? ''}</td>
                        <td>{e.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {report.skipped > report.errors.length && (
                <p className="muted">
                  {t('importer.moreInCsv', { count: report.skipped - report.errors.length })}
                </p>
              )}
            </>
          )}
        </div>
      )}
      {finished && (
        <button
          type="button"
          className="button button-secondary"
          onClick={onAnother}
          data-testid="import-another"
        >
          {t('importer.another')}
        </button>
      )}
    </div>
  )
}
