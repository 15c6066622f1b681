import { useTranslation } from 'react-i18next'
import { Link, useParams, useSearchParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useUrlSort } from '../../components/server-sort.js'
import { UnitOptions } from '../../components/UnitOptions.js'
import { useApi } from '../../use-api.js'
import { DiagnosisSettingsCard } from './DiagnosisSettingsCard.js'
import {
  type DiagnosedCustomer,
  type DiagnosisFilter,
  type DiagnosisMatrix,
  type DiagnosisSort,
  diagnosisApi,
  diagnosisCustomersCsvUrl,
  diagnosisListPath,
  diagnosisMatrixCsvUrl,
  isQuadrant,
  matrixRows,
  type Quadrant,
} from './diagnosis-api.js'
import { UnderstandingTabs } from './UnderstandingTabs.js'
import './diagnosis.css'
import { useFormat } from '../../use-format.js'

const pageSize = 50
const sortKeys: DiagnosisSort[] = ['external_id', 'name', 'quadrant', 'attitude', 'rf', 'revenue']
const textSorts: DiagnosisSort[] = ['external_id', 'name', 'quadrant']

/**
 * Loyalty diagnosis (Dick & Basu 1994): the 2×2 of relative attitude × repeat patronage with customers and revenue
 * per cell, the customers never heard from, and the customers of the chosen cell (quadrant and unit in the URL).
 */
export function DiagnosisPage() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const [params, setParams] = useSearchParams()
  const orgUnitId = params.get('orgUnitId') ?? undefined
  const quadrantParam = params.get('quadrant')
  const quadrant = isQuadrant(quadrantParam) ? quadrantParam : undefined
  const offset = Math.max(0, Number(params.get('offset')) || 0)
  const matrix = useApi(`diagnosis:${workspaceId}:${orgUnitId ?? ''}`, () =>
    diagnosisApi.matrix(workspaceId, orgUnitId),
  )
  const units = useApi(`org-units:${workspaceId}`, () =>
    diagnosisApi.orgUnits(workspaceId).catch(() => ({ items: [] })),
  )
  // Unsorted, the largest revenue first; a header sorts by its column, and the order stays when the cell changes.
  const sorting = useUrlSort(sortKeys, (key) => (textSorts.includes(key) ? 'asc' : 'desc'))
  const filter: DiagnosisFilter = { orgUnitId, quadrant, ...sorting.order }
  const go = (next: DiagnosisFilter & { offset?: number }) => {
    const search: Record<string, string> = {}
    if (next.orgUnitId) search.orgUnitId = next.orgUnitId
    if (next.quadrant) search.quadrant = next.quadrant
    if (next.sort) search.sort = next.sort
    if (next.dir) search.dir = next.dir
    if (next.offset) search.offset = String(next.offset)
    setParams(search)
  }

  return (
    <div className="page">
      <UnderstandingTabs />
      <section className="card" aria-labelledby="diagnosis-title" style={{ marginBottom: 16 }}>
        <div className="diagnosis-head">
          <h2 className="card-title" id="diagnosis-title">
            {t('diagnosis.title')}
          </h2>
          <div className="page-header-spacer" />
          {(units.data?.items.length ?? 0) > 1 && (
            <select
              className="input"
              value={orgUnitId ?? ''}
              onChange={(e) => go({ ...filter, orgUnitId: e.target.value || undefined })}
              aria-label={t('diagnosis.unit')}
              data-testid="diagnosis-unit"
            >
              <option value="">{t('diagnosis.anyUnit')}</option>
              <UnitOptions units={units.data?.items ?? []} />
            </select>
          )}
          <a
            className="button button-secondary"
            href={diagnosisMatrixCsvUrl(workspaceId, orgUnitId)}
            download
            data-testid="diagnosis-matrix-csv"
          >
            {t('diagnosis.downloadMatrix')}
          </a>
        </div>
        <p className="muted">{t('diagnosis.intro')}</p>
        {matrix.error && <ErrorNotice error={matrix.error} onRetry={matrix.reload} />}
        {matrix.data && (
          <QuadrantMatrix
            workspaceId={workspaceId}
            matrix={matrix.data}
            orgUnitId={orgUnitId}
            order={sorting.order}
            chosen={quadrant}
          />
        )}
        {!matrix.data && !matrix.error && <div className="muted">{t('app.loading')}</div>}
      </section>
      <QuadrantCustomers
        workspaceId={workspaceId}
        filter={filter}
        th={sorting.th}
        offset={offset}
        onPage={(next) => go({ ...filter, offset: next })}
      />
      <DiagnosisSettingsCard workspaceId={workspaceId} onSaved={matrix.reload} />
    </div>
  )
}

function QuadrantMatrix({
  workspaceId,
  matrix,
  orgUnitId,
  order,
  chosen,
}: {
  workspaceId: string
  matrix: DiagnosisMatrix
  orgUnitId: string | undefined
  order: Pick<DiagnosisFilter, 'sort' | 'dir'>
  chosen: Quadrant | undefined
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const cell = (quadrant: Quadrant) => {
    const found = matrix.cells.find((c) => c.quadrant === quadrant)
    return (
      <Link
        className={`diagnosis-cell diagnosis-${quadrant}${chosen === quadrant ? ' chosen' : ''}`}
        to={diagnosisListPath(workspaceId, { orgUnitId, quadrant, ...order })}
        aria-current={chosen === quadrant ? 'true' : undefined}
        data-testid={`diagnosis-cell-${quadrant}`}
      >
        <div className="name">{t(`diagnosis.quadrants.${quadrant}`)}</div>
        <div className="count">{f.count(found?.customers ?? 0)}</div>
        <div className="revenue">{f.money(found?.revenue ?? '0')}</div>
        <div className="hint">{t(`diagnosis.hints.${quadrant}`)}</div>
      </Link>
    )
  }
  return (
    <>
      <table className="diagnosis-matrix" data-testid="diagnosis-matrix">
        <thead>
          <tr>
            <th />
            <th scope="col">{t('diagnosis.patronageHigh')}</th>
            <th scope="col">{t('diagnosis.patronageLow')}</th>
          </tr>
        </thead>
        <tbody>
          {matrixRows.map((row, i) => (
            <tr key={row[0]}>
              <th scope="row">{t(i === 0 ? 'diagnosis.attitudeHigh' : 'diagnosis.attitudeLow')}</th>
              <td>{cell(row[0])}</td>
              <td>{cell(row[1])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="diagnosis-unknown">{cell('unknown')}</div>
      <p className="muted" style={{ fontSize: 12, marginTop: 8 }}>
        {matrix.asOf ? t('diagnosis.asOf', { date: f.date(matrix.asOf) }) : t('diagnosis.neverComputed')}
      </p>
    </>
  )
}

function QuadrantCustomers({
  workspaceId,
  filter,
  th,
  offset,
  onPage,
}: {
  workspaceId: string
  filter: DiagnosisFilter
  th: (column: DiagnosisSort, label: string, numeric?: boolean) => React.ReactNode
  offset: number
  onPage: (offset: number) => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const list = useApi(`diagnosis-customers:${workspaceId}:${JSON.stringify(filter)}:${offset}`, () =>
    diagnosisApi.customers(workspaceId, filter, pageSize, offset),
  )
  const page = list.data
  return (
    <section
      className="card table-card"
      aria-labelledby="diagnosis-customers-title"
      style={{ marginBottom: 16 }}
    >
      <div className="diagnosis-head">
        <h2 className="card-title" id="diagnosis-customers-title" data-testid="diagnosis-customers-title">
          {filter.quadrant
            ? t('diagnosis.customersOf', { quadrant: t(`diagnosis.quadrants.${filter.quadrant}`) })
            : t('diagnosis.allCustomers')}
        </h2>
        {page && (
          <span className="badge" data-testid="diagnosis-customers-total">
            {t('customers.total', { total: f.count(page.total) })}
          </span>
        )}
        <div className="page-header-spacer" />
        <a className="button button-secondary" href={diagnosisCustomersCsvUrl(workspaceId, filter)} download>
          {t('diagnosis.downloadCustomers')}
        </a>
      </div>
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {page &&
        (page.items.length === 0 ? (
          <div className="empty-state">{t('diagnosis.noCustomers')}</div>
        ) : (
          <div className={`table-scroll${list.loading ? ' is-loading' : ''}`}>
            <table className="table" data-testid="diagnosis-customers-table">
              <thead>
                <tr>
                  {th('external_id', t('customers.columns.externalId'))}
                  {th('name', t('customers.columns.name'))}
                  {th('quadrant', t('diagnosis.columns.quadrant'))}
                  {th('attitude', t('diagnosis.columns.attitude'))}
                  {th('rf', 'R F')}
                  {th('revenue', t('diagnosis.columns.revenue'), true)}
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr key={c.id} data-testid="diagnosis-customer-row">
                    <td className="mono">
                      <Link to={`/w/${workspaceId}/customers/${c.id}`}>{c.externalId}</Link>
                    </td>
                    <td className="truncate">{c.name ?? t('customer.unnamed')}</td>
                    <td>{t(`diagnosis.quadrants.${c.quadrant}`)}</td>
                    <td>
                      <AttitudeText customer={c} />
                    </td>
                    <td className="mono">{c.r === null ? '—' : `${c.r} ${c.f}`}</td>
                    <td className="num">{c.monetary === null ? '—' : f.money(c.monetary)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {page && <Pager page={page} onGo={onPage} />}
      {!page && !list.error && <div className="muted">{t('app.loading')}</div>}
    </section>
  )
}

/** What the attitude was read from: "NPS 8 (medium → low)" or "commitment 6.33 (high)". */
export function AttitudeText({
  customer,
}: {
  customer: Pick<DiagnosedCustomer, 'attitudeSource' | 'attitudeBand' | 'attitude' | 'nps' | 'commitmentMean'>
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const c = customer
  if (c.attitudeSource === null || c.attitude === null || c.attitudeBand === null)
    return <span className="muted">{t('diagnosis.notHeard')}</span>
  const source =
    c.attitudeSource === 'nps'
      ? t('diagnosis.fromNps', { score: c.nps })
      : t('diagnosis.fromCommitment', {
          mean: f.number(c.commitmentMean, 2),
        })
  const band =
    c.attitudeBand === 'medium'
      ? t('diagnosis.mediumAs', { level: t(`diagnosis.levels.${c.attitude}`) })
      : t(`diagnosis.levels.${c.attitude}`)
  return (
    <span>
      {source} · {band}
    </span>
  )
}
