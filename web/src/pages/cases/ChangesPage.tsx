import { type FormEvent, lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { type ChangeDetail, type ChangeSummary, changesApi, type NewChange } from './changes-api.js'

const EChart = lazy(() => import('../../components/EChart.js').then((m) => ({ default: m.EChart })))

const textLanguages = ['*', 'en', 'uk', 'ru', 'pl', 'lv'] as const

/** "You said, we did": record a change, choose whom to tell, tell them, and see whether their scores moved. */
export function ChangesPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const mean = (value: number | null) => f.number(value, 2)
  const { workspaceId = '' } = useParams()
  const log = useApi(`changes:${workspaceId}`, () => changesApi.list(workspaceId))
  const [open, setOpen] = useState<string | null>(null)
  const { sorted, th } = useClientSort(log.data?.items ?? [], {
    recorded: { value: (ch) => ch.createdAt, firstDir: 'desc' },
    change: { value: (ch) => ch.title },
    linkedTo: { value: (ch) => ch.touchpoint ?? ch.themeWords?.join(', ') },
    sent: { value: (ch) => (ch.notifiedAt ? ch.counts.sent : null), firstDir: 'desc' },
    told: { value: (ch) => ch.comparison.told.meanNext, firstDir: 'desc' },
    notTold: { value: (ch) => ch.comparison.notTold.meanNext, firstDir: 'desc' },
    difference: { value: (ch) => ch.comparison.difference?.value, firstDir: 'desc' },
  })
  const detail = useApi(`change:${workspaceId}:${open}`, async () =>
    open ? changesApi.get(workspaceId, open) : undefined,
  )

  function difference(c: ChangeSummary['comparison']): string {
    if (!c.difference) return t('changes.notEnoughData')
    const d = c.difference
    return `${d.value >= 0 ? '+' : ''}${f.number(d.value, 2)} (${f.number(d.low, 2)} … ${f.number(d.high, 2)})`
  }

  return (
    <div className="page">
      <Link className="back-link" to={`/w/${workspaceId}/cases`}>
        ← {t('cases.title')}
      </Link>
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('changes.title')}</h1>
          <div className="muted">{t('changes.intro')}</div>
        </div>
        <div className="page-header-spacer" />
        <a className="button button-secondary" href={changesApi.csvUrl(workspaceId)} download>
          {t('changes.downloadCsv')}
        </a>
      </div>
      <NewChangeForm
        workspaceId={workspaceId}
        onRecorded={(id) => {
          log.reload()
          setOpen(id)
        }}
      />
      {log.error && <ErrorNotice error={log.error} onRetry={log.reload} />}
      {log.data && log.data.items.length === 0 && <div className="empty-state">{t('changes.empty')}</div>}
      {log.data && log.data.items.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="changes-table">
            <thead>
              <tr>
                {th('recorded', t('changes.recorded'))}
                {th('change', t('changes.change'))}
                {th('linkedTo', t('changes.linkedTo'))}
                {th('sent', t('changes.sent'))}
                {th('told', t('changes.told'))}
                {th('notTold', t('changes.notTold'))}
                {th('difference', t('changes.difference'))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((ch) => (
                <tr key={ch.id} data-testid="change-row">
                  <td>{f.date(ch.createdAt)}</td>
                  <td>
                    <button type="button" className="button button-secondary" onClick={() => setOpen(ch.id)}>
                      {ch.title}
                    </button>
                  </td>
                  <td>{ch.touchpoint ?? ch.themeWords?.join(', ')}</td>
                  <td>
                    {ch.notifiedAt
                      ? t('changes.sentCount', { sent: ch.counts.sent, held: ch.counts.suppressed })
                      : t('changes.notSent')}
                  </td>
                  <td>
                    {mean(ch.comparison.told.meanNext)}{' '}
                    <span className="muted">n={ch.comparison.told.n}</span>
                  </td>
                  <td>
                    {mean(ch.comparison.notTold.meanNext)}{' '}
                    <span className="muted">n={ch.comparison.notTold.n}</span>
                  </td>
                  <td>{ch.notifiedAt ? difference(ch.comparison) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {detail.error && <ErrorNotice error={detail.error} onRetry={detail.reload} />}
      {detail.data && (
        <ChangeCard
          workspaceId={workspaceId}
          change={detail.data}
          onChanged={() => {
            detail.reload()
            log.reload()
          }}
        />
      )}
    </div>
  )
}

function NewChangeForm({
  workspaceId,
  onRecorded,
}: {
  workspaceId: string
  onRecorded: (id: string) => void
}) {
  const { t } = useTranslation()
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [language, setLanguage] = useState<string>('*')
  const [link, setLink] = useState<'touchpoint' | 'theme'>('touchpoint')
  const [target, setTarget] = useState('')
  const [metric, setMetric] = useState<NewChange['metric']>('nps')
  const [error, setError] = useState<string | null>(null)

  async function submit(e: FormEvent) {
    e.preventDefault()
    setError(null)
    const words = target
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean)
    try {
      const created = await changesApi.record(workspaceId, {
        title,
        texts: { [language]: text },
        metric,
        ...(link === 'touchpoint' ? { touchpoint: target.trim() } : { themeWords: words }),
      })
      setTitle('')
      setText('')
      setTarget('')
      onRecorded(created.id)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <form className="card" onSubmit={submit} data-testid="change-form">
      <h2 className="card-title">{t('changes.record')}</h2>
      <label className="field">
        <span className="field-label">{t('changes.titleLabel')}</span>
        <input
          className="input"
          value={title}
          required
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('changes.text')}</span>
        <textarea
          className="input"
          value={text}
          required
          maxLength={5000}
          rows={3}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="toolbar">
        <label>
          {t('changes.language')}{' '}
          <select className="input" value={language} onChange={(e) => setLanguage(e.target.value)}>
            {textLanguages.map((l) => (
              <option key={l} value={l}>
                {l === '*' ? t('changes.allLanguages') : l}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('changes.linkedTo')}{' '}
          <select
            className="input"
            value={link}
            onChange={(e) => setLink(e.target.value as 'touchpoint' | 'theme')}
          >
            <option value="touchpoint">{t('changes.touchpoint')}</option>
            <option value="theme">{t('changes.theme')}</option>
          </select>
        </label>
        <input
          className="input"
          aria-label={link === 'touchpoint' ? t('changes.touchpoint') : t('changes.themeHint')}
          placeholder={link === 'touchpoint' ? 'delivery' : t('changes.themeHint')}
          value={target}
          required
          onChange={(e) => setTarget(e.target.value)}
        />
        <label>
          {t('changes.metric')}{' '}
          <select
            className="input"
            value={metric}
            onChange={(e) => setMetric(e.target.value as NewChange['metric'])}
          >
            <option value="nps">NPS</option>
            <option value="csat">CSAT</option>
            <option value="ces">CES</option>
          </select>
        </label>
        <button type="submit" className="button">
          {t('changes.recordButton')}
        </button>
      </div>
      {error && <div className="notice notice-error">{error}</div>}
    </form>
  )
}

function ChangeCard({
  workspaceId,
  change,
  onChanged,
}: {
  workspaceId: string
  change: ChangeDetail
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const mean = (value: number | null) => f.number(value, 2)
  const [result, setResult] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { told, notTold } = change.comparison
  const waiting = change.customers.filter((c) => c.status === 'selected' || c.status === 'failed').length

  async function toggle(customerId: string, selected: boolean) {
    await changesApi.select(workspaceId, change.id, [customerId], selected)
    onChanged()
  }
  async function notify() {
    setError(null)
    try {
      const r = await changesApi.notify(workspaceId, change.id)
      setResult(t('changes.notified', r))
      onChanged()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <section className="card" style={{ marginTop: 16 }} data-testid="change-card">
      <h2 className="card-title">{change.title}</h2>
      <p className="muted">{Object.values(change.texts)[0]}</p>
      {change.notifiedAt && (
        <>
          <p>
            {change.comparison.enoughData
              ? t('changes.comparison', {
                  told: mean(told.meanNext),
                  toldN: told.n,
                  others: mean(notTold.meanNext),
                  othersN: notTold.n,
                })
              : t('changes.notEnoughDataLong', { toldN: told.n, othersN: notTold.n })}
          </p>
          <Suspense fallback={null}>
            <EChart
              height={220}
              label={t('changes.chartLabel')}
              option={{
                tooltip: {},
                legend: {},
                grid: { left: 40, right: 16, top: 32, bottom: 24 },
                xAxis: { type: 'category', data: [t('changes.told'), t('changes.notTold')] },
                yAxis: { type: 'value' },
                series: [
                  { name: t('changes.before'), type: 'bar', data: [told.meanBefore, notTold.meanBefore] },
                  { name: t('changes.next'), type: 'bar', data: [told.meanNext, notTold.meanNext] },
                ],
              }}
            />
          </Suspense>
        </>
      )}
      <div className="toolbar">
        <button
          type="button"
          className="button"
          disabled={waiting === 0}
          onClick={notify}
          data-testid="change-notify"
        >
          {t('changes.notify', { count: waiting })}
        </button>
        <span className="muted">{t('changes.rules')}</span>
      </div>
      {result && <div className="notice">{result}</div>}
      {error && <div className="notice notice-error">{error}</div>}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{t('changes.include')}</th>
              <th>{t('cases.customer')}</th>
              <th>{t('changes.raisedScore')}</th>
              <th>{t('changes.raisedAt')}</th>
              <th>{t('cases.statusLabel')}</th>
              <th>{t('changes.nextScore')}</th>
            </tr>
          </thead>
          <tbody>
            {change.customers.map((c) => (
              <tr key={c.customerId} data-testid="change-customer">
                <td>
                  <input
                    type="checkbox"
                    aria-label={c.name ?? c.externalId}
                    checked={c.status !== 'deselected'}
                    disabled={c.status !== 'selected' && c.status !== 'deselected'}
                    onChange={(e) => toggle(c.customerId, e.target.checked)}
                  />
                </td>
                <td>
                  <Link to={`/w/${workspaceId}/customers/${c.customerId}`}>{c.name ?? c.externalId}</Link>
                </td>
                <td>{c.raisedScore}</td>
                <td>{f.date(c.raisedAt)}</td>
                <td>
                  {t(`changes.status.${c.status}`)}
                  {c.reason && <span className="muted"> ({t(`changes.reason.${c.reason}`, c.reason)})</span>}
                </td>
                <td>{c.nextScore ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
