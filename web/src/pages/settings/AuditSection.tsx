import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { StepPager } from '../../components/Pager.js'
import { SortableTh } from '../../components/SortableTh.js'
import { nextSort, type SortState } from '../../components/sorting.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import type { SectionProps } from './SettingsPage.js'
import { type AuditFilter, type AuditSort, auditCsvUrl, settingsApi } from './settings-api.js'

const pageSize = 50

/** The audit log, filterable by action, entity and time, with its CSV. */
export function AuditSection({ workspaceId, wholeWorkspace }: SectionProps) {
  const { t } = useTranslation()
  const f = useFormat()
  const [filter, setFilter] = useState<AuditFilter>({})
  const [offset, setOffset] = useState(0)
  // The log is paged, so the server sorts it; newest first until a column is chosen.
  const [sort, setSort] = useState<SortState<AuditSort>>({ key: 'at', dir: 'desc' })
  const order = { sort: sort.key, dir: sort.dir }
  const entries = useApi(
    `audit:${workspaceId}:${JSON.stringify(filter)}:${sort.key}:${sort.dir}:${offset}`,
    () => (wholeWorkspace ? settingsApi.audit(workspaceId, filter, order, offset) : Promise.resolve([])),
  )
  if (!wholeWorkspace) return <p className="card muted">{t('settings.wholeWorkspaceOnly')}</p>
  const set = (key: keyof AuditFilter, value: string) => {
    setOffset(0)
    setFilter({ ...filter, [key]: value === '' ? undefined : value })
  }
  const onSort = (key: AuditSort) => {
    setSort((s) => nextSort(s, key, key === 'at' ? 'desc' : 'asc'))
    setOffset(0)
  }
  const th = (column: AuditSort, label: string) => (
    <SortableTh column={column} label={label} sort={sort} onSort={onSort} />
  )
  const list = entries.data ?? []
  return (
    <div className="card table-card" data-testid="audit">
      <div className="settings-form">
        <Field label={t('settings.audit.action')}>
          <input
            className="input"
            value={filter.action ?? ''}
            onChange={(e) => set('action', e.target.value)}
            placeholder="invite"
          />
        </Field>
        <Field label={t('settings.audit.entityType')}>
          <input
            className="input"
            value={filter.entityType ?? ''}
            onChange={(e) => set('entityType', e.target.value)}
            placeholder="api_key"
          />
        </Field>
        <Field label={t('settings.audit.from')}>
          <input
            className="input"
            type="date"
            value={filter.from ?? ''}
            onChange={(e) => set('from', e.target.value)}
          />
        </Field>
        <Field label={t('settings.audit.to')}>
          <input
            className="input"
            type="date"
            value={filter.to ?? ''}
            onChange={(e) => set('to', e.target.value)}
          />
        </Field>
        <a className="button button-secondary" href={auditCsvUrl(workspaceId, filter, order)} download>
          {t('settings.audit.csv')}
        </a>
      </div>
      {entries.error && <ErrorNotice error={entries.error} onRetry={entries.reload} />}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              {th('at', t('settings.audit.at'))}
              {th('actor', t('settings.audit.who'))}
              {th('action', t('settings.audit.action'))}
              {th('entity_type', t('settings.audit.entityType'))}
              <th scope="col">{t('settings.audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={e.id} data-testid="audit-row">
                <td>{f.dateTime(e.at)}</td>
                <td>
                  {e.actorName ?? (e.actorApiKeyId ? t('settings.audit.apiKey') : t('settings.audit.system'))}
                </td>
                <td>{e.action}</td>
                <td>{e.entityType}</td>
                <td className="mono small">{JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.length === 0 && !entries.loading && (
        <p className="muted empty-state">{t('settings.audit.empty')}</p>
      )}
      <StepPager
        hasPrevious={offset > 0}
        hasNext={list.length >= pageSize}
        onPrevious={() => setOffset(Math.max(0, offset - pageSize))}
        onNext={() => setOffset(offset + pageSize)}
        labels={{ previous: t('customers.previous'), next: t('customers.next') }}
        testId="audit"
      />
    </div>
  )
}
