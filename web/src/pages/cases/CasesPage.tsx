import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useClientSort } from '../../components/SortableTh.js'
import { UnitOptions } from '../../components/UnitOptions.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { type CaseFilters, type CaseItem, casesApi } from './cases-api.js'

const statusSets: Record<string, string> = {
  open: 'new,in_progress,waiting_on_customer',
  resolved: 'resolved',
  closed: 'closed',
}

// Sorting by status or priority follows their order of work, not the alphabet of their translations.
const statusOrder = ['new', 'in_progress', 'waiting_on_customer', 'resolved', 'closed']
const priorityOrder = ['urgent', 'high', 'normal', 'low']

/** The case inbox: mine, unassigned or everyone's in my unit; filters, SLA clocks and bulk assignment. */
export function CasesPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [status, setStatus] = useState('open')
  const [owner, setOwner] = useState('')
  const [priority, setPriority] = useState('')
  const [breached, setBreached] = useState(false)
  const [orgUnitId, setOrgUnitId] = useState('')
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [assignee, setAssignee] = useState('unassigned')
  const filters: CaseFilters = {
    status: statusSets[status],
    owner: owner || undefined,
    priority: priority || undefined,
    breached: breached ? 'true' : undefined,
    orgUnitId: orgUnitId || undefined,
  }
  const cases = useApi(`cases:${workspaceId}:${JSON.stringify(filters)}`, () =>
    casesApi.list(workspaceId, filters),
  )
  const { sorted, th } = useClientSort(cases.data?.items ?? [], {
    number: { value: (k: CaseItem) => k.number, firstDir: 'desc' },
    subject: { value: (k) => k.subject },
    customer: { value: (k) => k.customerName },
    status: { value: (k) => statusOrder.indexOf(k.status) },
    priority: { value: (k) => priorityOrder.indexOf(k.priority) },
    owner: { value: (k) => k.ownerName },
    sla: { value: (k) => k.secondsLeft },
  })
  const units = useApi(`org-units:${workspaceId}`, () =>
    casesApi.orgUnits(workspaceId).catch(() => ({ items: [] })),
  )
  const members = useApi(`members:${workspaceId}`, () =>
    casesApi.members(workspaceId).catch(() => ({ items: [] })),
  )

  async function assign() {
    await casesApi.assign(workspaceId, [...picked], assignee === 'unassigned' ? null : assignee)
    setPicked(new Set())
    cases.reload()
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('cases.title')}</h1>
          <div className="muted">{t('cases.intro')}</div>
        </div>
        <div className="page-header-spacer" />
        <Link className="button button-secondary" to="changes">
          {t('changes.title')}
        </Link>
        <Link className="button button-secondary" to="outreach">
          {t('outreach.title')}
        </Link>
        <Link className="button button-secondary" to="webhooks">
          {t('cases.webhooks')}
        </Link>
      </div>
      <div className="toolbar">
        <select
          className="input"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          data-testid="case-status-filter"
        >
          <option value="open">{t('cases.open')}</option>
          <option value="resolved">{t('cases.status.resolved')}</option>
          <option value="closed">{t('cases.status.closed')}</option>
        </select>
        <select
          className="input"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          data-testid="case-owner-filter"
        >
          <option value="">{t('cases.everyone')}</option>
          <option value="me">{t('cases.mine')}</option>
          <option value="unassigned">{t('cases.unassigned')}</option>
        </select>
        {(units.data?.items.length ?? 0) > 1 && (
          <select
            className="input"
            value={orgUnitId}
            onChange={(e) => setOrgUnitId(e.target.value)}
            aria-label={t('cases.unit')}
            data-testid="case-unit-filter"
          >
            <option value="">{t('cases.anyUnit')}</option>
            <UnitOptions units={units.data?.items ?? []} />
          </select>
        )}
        <select className="input" value={priority} onChange={(e) => setPriority(e.target.value)}>
          <option value="">{t('cases.anyPriority')}</option>
          {(['urgent', 'high', 'normal', 'low'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`cases.priority.${p}`)}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={breached} onChange={(e) => setBreached(e.target.checked)} />{' '}
          {t('cases.breachedOnly')}
        </label>
        {picked.size > 0 && (members.data?.items.length ?? 0) > 0 && (
          <>
            <select
              className="input"
              value={assignee}
              onChange={(e) => setAssignee(e.target.value)}
              data-testid="case-assignee"
            >
              <option value="unassigned">{t('cases.unassigned')}</option>
              {members.data?.items
                .filter((m) => m.role !== 'viewer')
                .map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
            </select>
            <button type="button" className="button" onClick={assign} data-testid="case-assign">
              {t('cases.assign', { count: picked.size })}
            </button>
          </>
        )}
      </div>
      {cases.error && <ErrorNotice error={cases.error} onRetry={cases.reload} />}
      {cases.data && cases.data.items.length === 0 && <div className="empty-state">{t('cases.empty')}</div>}
      {cases.data && cases.data.items.length > 0 && (
        <table className="table" data-testid="cases-table">
          <thead>
            <tr>
              <th />
              {th('number', '#')}
              {th('subject', t('cases.subject'))}
              {th('customer', t('cases.customer'))}
              {th('status', t('cases.statusLabel'))}
              {th('priority', t('cases.priorityLabel'))}
              {th('owner', t('cases.owner'))}
              {th('sla', t('cases.sla'))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((k) => (
              <tr key={k.id} data-testid="case-row">
                <td>
                  <input
                    type="checkbox"
                    aria-label={`#${k.number}`}
                    checked={picked.has(k.id)}
                    onChange={(e) => {
                      const next = new Set(picked)
                      if (e.target.checked) next.add(k.id)
                      else next.delete(k.id)
                      setPicked(next)
                    }}
                  />
                </td>
                <td>{k.number}</td>
                <td>
                  <Link to={k.id}>{k.subject}</Link>
                </td>
                <td>{k.customerName ?? '—'}</td>
                <td>{t(`cases.status.${k.status}`)}</td>
                <td>{t(`cases.priority.${k.priority}`)}</td>
                <td>{k.ownerName ?? t('cases.unassigned')}</td>
                <td
                  className={
                    k.breached.firstReply || k.breached.resolution ? 'badge badge-danger' : undefined
                  }
                >
                  {k.secondsLeft === null && k.status === 'waiting_on_customer'
                    ? t('cases.paused')
                    : f.duration(k.secondsLeft)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
