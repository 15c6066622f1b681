import { type FormEvent, lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { SortableTh, useClientSort } from '../../components/SortableTh.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import {
  type CampaignDetail,
  type CampaignSummary,
  type OutreachListName,
  outreachApi,
  type Recipient,
} from './outreach-api.js'

const EChart = lazy(() => import('../../components/EChart.js').then((m) => ({ default: m.EChart })))

const lists: OutreachListName[] = ['silent', 'habit_broken', 'at_risk']

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Outreach: a campaign to silent, habit-broken or at-risk customers, a personal message each, and what came of it. */
export function OutreachPage() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const campaigns = useApi(`outreach:${workspaceId}`, () => outreachApi.campaigns(workspaceId))
  const [open, setOpen] = useState<string | null>(null)
  const detail = useApi(`outreach-campaign:${workspaceId}:${open}`, async () =>
    open ? outreachApi.get(workspaceId, open) : undefined,
  )
  const items = campaigns.data?.items ?? []

  return (
    <div className="page">
      <Link className="back-link" to={`/w/${workspaceId}/cases`}>
        ← {t('cases.title')}
      </Link>
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('outreach.title')}</h1>
          <div className="muted">{t('outreach.intro')}</div>
        </div>
      </div>
      <NewCampaignForm
        workspaceId={workspaceId}
        onCreated={(id) => {
          campaigns.reload()
          setOpen(id)
        }}
      />
      {campaigns.error && <ErrorNotice error={campaigns.error} onRetry={campaigns.reload} />}
      {campaigns.data && items.length === 0 && <div className="empty-state">{t('outreach.empty')}</div>}
      {items.length > 0 && <CampaignTable items={items} open={open} onOpen={(id) => setOpen(id)} />}
      {items.some((k) => k.sent > 0) && <OutcomeChart items={items.filter((k) => k.sent > 0)} />}
      {detail.error && <ErrorNotice error={detail.error} onRetry={detail.reload} />}
      {detail.data && (
        <CampaignCard
          workspaceId={workspaceId}
          campaign={detail.data}
          onChanged={() => {
            detail.reload()
            campaigns.reload()
          }}
        />
      )}
    </div>
  )
}

function CampaignTable({
  items,
  open,
  onOpen,
}: {
  items: CampaignSummary[]
  open: string | null
  onOpen: (id: string) => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const rate = (part: number, k: CampaignSummary) => (k.sent === 0 ? null : part / k.sent)
  const { sorted, sort, onSort } = useClientSort(items, {
    campaign: { value: (k) => k.name },
    sentOn: { value: (k) => k.sentAt ?? null, firstDir: 'desc' },
    recipients: { value: (k) => k.recipients, firstDir: 'desc' },
    sent: { value: (k) => k.sent, firstDir: 'desc' },
    replied: { value: (k) => rate(k.replied, k), firstDir: 'desc' },
    boughtAgain: { value: (k) => rate(k.boughtAgain, k), firstDir: 'desc' },
    answeredSurvey: { value: (k) => rate(k.answeredSurvey, k), firstDir: 'desc' },
  })
  type Column = Parameters<typeof onSort>[0]
  const th = (column: Column) => (
    <SortableTh column={column} label={t(`outreach.${column}`)} sort={sort} onSort={onSort} />
  )
  return (
    <div className="table-scroll">
      <table className="table" data-testid="outreach-campaigns">
        <thead>
          <tr>
            {th('campaign')}
            <th>{t('outreach.list')}</th>
            {th('sentOn')}
            {th('recipients')}
            {th('sent')}
            {th('replied')}
            {th('boughtAgain')}
            {th('answeredSurvey')}
          </tr>
        </thead>
        <tbody>
          {sorted.map((k) => (
            <tr key={k.id} data-testid="outreach-campaign-row">
              <td>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-pressed={open === k.id}
                  onClick={() => onOpen(k.id)}
                >
                  {k.name}
                </button>
              </td>
              <td>{t(`outreach.lists.${k.list}`)}</td>
              <td>{k.sentAt ? f.date(k.sentAt) : t('outreach.notSent')}</td>
              <td>{k.recipients}</td>
              <td>
                {k.sent}
                {k.suppressed > 0 && (
                  <span className="muted"> {t('outreach.heldBack', { count: k.suppressed })}</span>
                )}
              </td>
              <td>
                {k.replied} <span className="muted">{f.percent(rate(k.replied, k), 0)}</span>
              </td>
              <td>
                {k.boughtAgain} <span className="muted">{f.percent(rate(k.boughtAgain, k), 0)}</span>
              </td>
              <td>
                {k.answeredSurvey} <span className="muted">{f.percent(rate(k.answeredSurvey, k), 0)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** What came of each sent campaign, as shares of the messages sent: easier compared by eye than in the table. */
function OutcomeChart({ items }: { items: CampaignSummary[] }) {
  const { t } = useTranslation()
  const rate = (part: number, k: CampaignSummary) => Math.round((1000 * part) / k.sent) / 10
  const series = (['replied', 'boughtAgain', 'answeredSurvey'] as const).map((key) => ({
    name: t(`outreach.${key}`),
    type: 'bar' as const,
    data: items.map((k) => rate(k[key], k)),
  }))
  return (
    <section className="card" style={{ marginTop: 16 }}>
      <h2 className="card-title">{t('outreach.outcomes')}</h2>
      <Suspense fallback={null}>
        <EChart
          height={240}
          label={t('outreach.chartLabel')}
          option={{
            tooltip: { valueFormatter: (v: unknown) => `${v}%` },
            legend: {},
            grid: { left: 40, right: 16, top: 32, bottom: 48 },
            xAxis: { type: 'category', data: items.map((k) => k.name), axisLabel: { interval: 0 } },
            yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
            series,
          }}
        />
      </Suspense>
    </section>
  )
}

function NewCampaignForm({
  workspaceId,
  onCreated,
}: {
  workspaceId: string
  onCreated: (id: string) => void
}) {
  const { t } = useTranslation()
  const sizes = useApi(`outreach-lists:${workspaceId}`, () => outreachApi.lists(workspaceId))
  const [name, setName] = useState('')
  const [list, setList] = useState<OutreachListName>('silent')
  const [subject, setSubject] = useState('')
  const [template, setTemplate] = useState('')
  const [outcomeDays, setOutcomeDays] = useState(30)
  const [limit, setLimit] = useState(200)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  function size(l: OutreachListName): string {
    const found = sizes.data?.items.find((i) => i.list === l)
    if (!found) return ''
    return ` (${found.customers}${found.more ? '+' : ''})`
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      const created = await outreachApi.create(workspaceId, {
        name,
        list,
        subject,
        template,
        outcomeDays,
        limit,
      })
      setName('')
      setSubject('')
      setTemplate('')
      onCreated(created.id)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card" onSubmit={submit} data-testid="outreach-form">
      <h2 className="card-title">{t('outreach.start')}</h2>
      <Field label={t('outreach.listLabel')} hint={t(`outreach.listHints.${list}`)}>
        <select
          className="input"
          value={list}
          onChange={(e) => setList(e.target.value as OutreachListName)}
          data-testid="outreach-list"
        >
          {lists.map((l) => (
            <option key={l} value={l}>
              {t(`outreach.lists.${l}`)}
              {size(l)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('outreach.nameLabel')}>
        <input
          className="input"
          value={name}
          required
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field label={t('outreach.subject')}>
        <input
          className="input"
          value={subject}
          required
          maxLength={200}
          onChange={(e) => setSubject(e.target.value)}
        />
      </Field>
      <Field label={t('outreach.template')} hint={t('outreach.templateHint', { name: '{{name}}' })}>
        <textarea
          className="input"
          value={template}
          required
          maxLength={5000}
          rows={4}
          onChange={(e) => setTemplate(e.target.value)}
          data-testid="outreach-template"
        />
      </Field>
      <div className="toolbar">
        <Field label={t('outreach.outcomeDays')}>
          <input
            className="input"
            type="number"
            min={1}
            max={365}
            value={outcomeDays}
            onChange={(e) => setOutcomeDays(Number(e.target.value))}
          />
        </Field>
        <Field label={t('outreach.limit')}>
          <input
            className="input"
            type="number"
            min={1}
            max={2000}
            value={limit}
            onChange={(e) => setLimit(Number(e.target.value))}
          />
        </Field>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t('outreach.create')}
      </button>
      {error && <div className="notice notice-error">{error}</div>}
    </form>
  )
}

function CampaignCard({
  workspaceId,
  campaign,
  onChanged,
}: {
  workspaceId: string
  campaign: CampaignDetail
  onChanged: () => void
}) {
  const { t } = useTranslation()
  const [result, setResult] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const waiting = campaign.items.filter((r) => r.status === 'selected' || r.status === 'failed').length

  async function run(action: () => Promise<unknown>) {
    setError(null)
    try {
      await action()
      onChanged()
    } catch (err) {
      setError(errorText(err))
    }
  }
  const send = () =>
    run(async () => setResult(t('outreach.sentResult', await outreachApi.send(workspaceId, campaign.id))))

  return (
    <section className="card" style={{ marginTop: 16 }} data-testid="outreach-card">
      <div className="page-header">
        <h2 className="card-title">{campaign.name}</h2>
        <div className="page-header-spacer" />
        <a className="button button-secondary" href={outreachApi.csvUrl(workspaceId, campaign.id)} download>
          {t('outreach.downloadCsv')}
        </a>
      </div>
      <p className="muted">
        {t('outreach.subject')}: {campaign.subject} ·{' '}
        {t('outreach.outcomeWindow', { days: campaign.outcomeDays })}
      </p>
      <div className="toolbar">
        <button
          type="button"
          className="button"
          disabled={waiting === 0}
          onClick={send}
          data-testid="outreach-send"
        >
          {t('outreach.send', { count: waiting })}
        </button>
        <span className="muted">{t('changes.rules')}</span>
      </div>
      {result && (
        <div className="notice" role="status">
          {result}
        </div>
      )}
      {error && <div className="notice notice-error">{error}</div>}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{t('outreach.include')}</th>
              <th>{t('cases.customer')}</th>
              <th>{t('outreach.message')}</th>
              <th>{t('cases.statusLabel')}</th>
              <th>{t('outreach.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {campaign.items.map((r) => (
              <RecipientRow
                key={r.customerId}
                workspaceId={workspaceId}
                recipient={r}
                onChange={(body) =>
                  run(() => outreachApi.change(workspaceId, campaign.id, r.customerId, body))
                }
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function RecipientRow({
  workspaceId,
  recipient: r,
  onChange,
}: {
  workspaceId: string
  recipient: Recipient
  onChange: (body: { message?: string; selected?: boolean }) => void
}) {
  const { t } = useTranslation()
  const [message, setMessage] = useState(r.message)
  const editable = r.status === 'selected' || r.status === 'deselected'
  const who = r.name ?? r.externalId
  const outcome = [
    r.repliedAt && t('outreach.replied'),
    r.boughtAgain && t('outreach.boughtAgain'),
    r.answeredSurvey && t('outreach.answeredSurvey'),
  ].filter(Boolean)
  return (
    <tr data-testid="outreach-recipient">
      <td>
        <input
          type="checkbox"
          aria-label={t('outreach.includeWho', { who })}
          checked={r.status !== 'deselected'}
          disabled={!editable}
          onChange={(e) => onChange({ selected: e.target.checked })}
        />
      </td>
      <td>
        <Link to={`/w/${workspaceId}/customers/${r.customerId}`}>{who}</Link>
      </td>
      <td>
        {editable ? (
          <textarea
            className="input"
            aria-label={t('outreach.messageFor', { who })}
            value={message}
            maxLength={5000}
            rows={2}
            onChange={(e) => setMessage(e.target.value)}
            onBlur={() => message.trim() && message !== r.message && onChange({ message })}
          />
        ) : (
          r.message
        )}
      </td>
      <td>
        {t(`changes.status.${r.status}`)}
        {r.reason && <span className="muted"> ({t(`changes.reason.${r.reason}`, r.reason)})</span>}
      </td>
      <td>{outcome.length > 0 ? outcome.join(', ') : '—'}</td>
    </tr>
  )
}
