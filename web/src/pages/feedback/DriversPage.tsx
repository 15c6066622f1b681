import { Fragment, useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useClientSort } from '../../components/SortableTh.js'
import { useServerSort } from '../../components/server-sort.js'
import type { SortDir } from '../../components/sorting.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { QuadrantChart, WeightsChart } from './DriverCharts.js'
import {
  type BatteryProfile,
  customerProfilesCsvUrl,
  type DriverParams,
  driversApi,
  driversCsvUrl,
  type GroupBy,
  type Outcome,
  type ProfileOrder,
  profileCsvUrl,
  type WorkspaceDrivers,
} from './drivers-api.js'
import { UnderstandingTabs } from './UnderstandingTabs.js'

const batteries = ['forces', 'commitment', 'touchpoints'] as const
const outcomes: readonly Outcome[] = ['nps', 'csat', 'repurchase']
const groupings: readonly GroupBy[] = ['segment', 'org_unit', 'touchpoint']

/** Why customers score as they do: the battery's dimensions as drivers, per group, and the commitment and forces profiles. */
export function DriversPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [params, setParams] = useState<DriverParams>({
    battery: 'forces',
    outcome: 'nps',
    groupBy: 'segment',
  })
  const view = useApi(`drivers:${workspaceId}:${JSON.stringify(params)}`, () =>
    driversApi.drivers(workspaceId, params),
  )
  const name = useDimensionName()
  const groupName = useGroupName()
  const fixed = (v: number | null, digits = 3) => f.number(v, digits)
  const pct = (v: number) => f.percent(v, 1)
  const { sorted, th } = useClientSort(view.data?.overall?.drivers ?? [], {
    driver: { value: (d) => name(d.driver) },
    weight: { value: (d) => d.weight, firstDir: 'desc' },
    share: { value: (d) => d.share, firstDir: 'desc' },
    interval: { value: (d) => d.ciLow, firstDir: 'desc' },
    shapley: { value: (d) => d.shapley, firstDir: 'desc' },
    beta: { value: (d) => d.beta, firstDir: 'desc' },
    correlation: { value: (d) => d.correlation, firstDir: 'desc' },
    mean: { value: (d) => d.mean, firstDir: 'desc' },
  })
  return (
    <div className="page">
      <UnderstandingTabs />
      <section className="card" data-testid="drivers-section">
        <div className="page-header" style={{ flexWrap: 'wrap' }}>
          <h2 className="card-title">{t('drivers.title')}</h2>
          <Choice
            label={t('drivers.battery')}
            value={params.battery}
            options={batteries.map((b) => [b, t(`drivers.batteries.${b}`)])}
            onChange={(battery) => setParams({ ...params, battery })}
            testId="drivers-battery"
          />
          <Choice
            label={t('drivers.outcome')}
            value={params.outcome}
            options={outcomes.map((o) => [o, t(`drivers.outcomes.${o}`)])}
            onChange={(outcome) => setParams({ ...params, outcome: outcome as Outcome })}
            testId="drivers-outcome"
          />
          <Choice
            label={t('drivers.groupBy')}
            value={params.groupBy}
            options={groupings.map((g) => [g, t(`drivers.groupings.${g}`)])}
            onChange={(groupBy) => setParams({ ...params, groupBy: groupBy as GroupBy })}
            testId="drivers-group-by"
          />
          <div className="page-header-spacer" />
          <a className="button" href={driversCsvUrl(workspaceId, params)} download data-testid="drivers-csv">
            {t('drivers.csv')}
          </a>
        </div>
        <p className="muted">{t('drivers.intro')}</p>
        {view.error && <ErrorNotice error={view.error} onRetry={view.reload} />}
        {view.data && !view.data.overall && (
          <div className="muted" data-testid="drivers-empty">
            {t('drivers.tooFew', {
              n: view.data.minCases,
              answered: f.count(view.data.answered),
            })}
          </div>
        )}
        {view.data?.overall && (
          <>
            <div className="muted" data-testid="drivers-summary">
              {t('drivers.summary', {
                r2: fixed(view.data.overall.r2, 2),
                n: f.count(view.data.overall.n),
                answered: f.count(view.data.answered),
                resamples: f.count(view.data.overall.bootstrap.used),
              })}
            </div>
            <Warnings view={view.data} name={name} />
            <WeightsChart overall={view.data.overall} name={name} />
            <div className="table-scroll">
              <table className="table" data-testid="drivers-table">
                <thead>
                  <tr>
                    {th('driver', t('drivers.driver'))}
                    {th('weight', t('drivers.weight'), true)}
                    {th('share', t('drivers.share'), true)}
                    {th('interval', t('drivers.interval'), true)}
                    {th('shapley', t('drivers.shapley'), true)}
                    {th('beta', t('drivers.beta'), true)}
                    {th('correlation', t('drivers.correlation'), true)}
                    {th('mean', t('drivers.mean'), true)}
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((d) => (
                    <tr key={d.driver} data-testid="drivers-row">
                      <td>{name(d.driver)}</td>
                      <td className="num">{fixed(d.weight)}</td>
                      <td className="num">{pct(d.share)}</td>
                      <td className="num">
                        {fixed(d.ciLow)} – {fixed(d.ciHigh)}
                      </td>
                      <td className="num">{fixed(d.shapley)}</td>
                      <td className="num" title={d.signFlip ? t('drivers.signFlipTip') : undefined}>
                        {fixed(d.beta)}
                        {d.signFlip ? ' ⚠' : ''}
                      </td>
                      <td className="num">{fixed(d.correlation)}</td>
                      <td className="num">{fixed(d.mean, 2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h3 className="card-title" style={{ marginTop: 16 }}>
              {t('drivers.quadrantTitle', { by: t(`drivers.groupings.${params.groupBy}`) })}
            </h3>
            <p className="muted">{t('drivers.quadrantHint')}</p>
            {view.data.groups.length > 0 ? (
              <QuadrantChart view={view.data} name={name} groupName={groupName} />
            ) : (
              <div className="muted">{t('drivers.noGroups', { n: view.data.minCases })}</div>
            )}
            {view.data.smallGroups.length > 0 && (
              <div className="muted" data-testid="drivers-small-groups">
                {t('drivers.smallGroups', {
                  n: view.data.minCases,
                  groups: view.data.smallGroups.map((g) => `${groupName(g)} (${g.n})`).join(', '),
                })}
              </div>
            )}
          </>
        )}
      </section>
      <ProfileSection
        workspaceId={workspaceId}
        battery="commitment"
        groupBy={params.groupBy === 'touchpoint' ? 'segment' : params.groupBy}
      />
      <ProfileSection workspaceId={workspaceId} battery="forces" groupBy="touchpoint" />
      <ProfileSection
        workspaceId={workspaceId}
        battery="forces"
        groupBy={params.groupBy === 'touchpoint' ? 'segment' : params.groupBy}
      />
      <CustomerProfiles workspaceId={workspaceId} />
    </div>
  )
}

function Warnings({ view, name }: { view: WorkspaceDrivers; name: (d: string) => string }) {
  const { t } = useTranslation()
  const flipped = view.overall?.drivers.filter((d) => d.signFlip) ?? []
  const constant = view.overall?.constant ?? []
  if (!flipped.length && !constant.length) return null
  return (
    <div className="notice" role="status" data-testid="drivers-warnings">
      {flipped.length > 0 && (
        <div>{t('drivers.signFlip', { drivers: flipped.map((d) => name(d.driver)).join(', ') })}</div>
      )}
      {constant.length > 0 && <div>{t('drivers.constant', { drivers: constant.map(name).join(', ') })}</div>}
    </div>
  )
}

function ProfileSection({
  workspaceId,
  battery,
  groupBy,
}: {
  workspaceId: string
  battery: string
  groupBy: GroupBy
}) {
  const { t } = useTranslation()
  const profile = useApi(`drivers-profile:${workspaceId}:${battery}:${groupBy}`, () =>
    driversApi.profile(workspaceId, battery, groupBy),
  )
  const name = useDimensionName()
  const groupName = useGroupName()
  const testId = `profile-${battery}-${groupBy}`
  return (
    <section className="card" style={{ marginTop: 16 }} data-testid={testId}>
      <div className="page-header">
        <h2 className="card-title">
          {t(`drivers.profileTitle.${battery === 'commitment' ? 'commitment' : 'forces'}`, {
            by: t(`drivers.groupings.${groupBy}`),
          })}
        </h2>
        <div className="page-header-spacer" />
        <a
          className="button"
          href={profileCsvUrl(workspaceId, battery, groupBy)}
          download
          data-testid={`${testId}-csv`}
        >
          {t('drivers.csv')}
        </a>
      </div>
      {battery === 'commitment' && <p className="muted">{t('drivers.commitmentHint')}</p>}
      {profile.error && <ErrorNotice error={profile.error} onRetry={profile.reload} />}
      {profile.data && profile.data.groups.length === 0 && (
        <div className="muted">{t('drivers.noAnswers')}</div>
      )}
      {profile.data && profile.data.groups.length > 0 && (
        <ProfileTable profile={profile.data} name={name} groupName={groupName} />
      )}
    </section>
  )
}

function ProfileTable({
  profile,
  name,
  groupName,
}: {
  profile: BatteryProfile
  name: (d: string) => string
  groupName: (g: { group: string | null; label: string | null }) => string
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const held = profile.groups.filter((g) => g.heldWithoutAttachment)
  // One sortable column per dimension of the battery, besides the group and its size.
  const { sorted, th } = useClientSort<(typeof profile.groups)[number], string>(profile.groups, {
    group: { value: (g) => groupName(g) },
    n: { value: (g) => g.n, firstDir: 'desc' },
    ...Object.fromEntries(
      profile.dimensions.map((d) => [
        d,
        { value: (g: (typeof profile.groups)[number]) => g.means[d], firstDir: 'desc' as const },
      ]),
    ),
  })
  return (
    <>
      {held.length > 0 && (
        <div className="notice notice-error" role="status" data-testid="profile-held-notice">
          {t('drivers.heldGroups', { groups: held.map(groupName).join(', ') })}{' '}
          {t('drivers.heldWithoutAttachment')}
        </div>
      )}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              {th('group', t(`drivers.groupings.${profile.groupBy}`))}
              {th('n', t('drivers.customers'), true)}
              {profile.dimensions.map((d) => (
                <Fragment key={d}>{th(d, name(d), true)}</Fragment>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((g) => (
              <tr key={g.group ?? ''} data-testid="profile-row">
                <td>
                  {groupName(g)}
                  {g.heldWithoutAttachment && (
                    <span title={t('drivers.heldWithoutAttachment')} data-testid="profile-held-warning">
                      {' ⚠'}
                    </span>
                  )}
                </td>
                <td className="num">{f.count(g.n)}</td>
                {profile.dimensions.map((d) => (
                  <td key={d} className="num" style={heat(g.means[d], d)}>
                    {g.means[d] === undefined ? '—' : f.number(g.means[d], 2)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

// Below the neutral 4 shades red, above it green, on the 1–7 agreement scale; for forced and economic commitment,
// which hold customers only until an alternative appears, the other way round.
function heat(mean: number | undefined, dimension: string): React.CSSProperties | undefined {
  if (mean === undefined) return undefined
  const sign = dimension === 'forced' || dimension === 'economic' ? -1 : 1
  const d = sign * Math.max(-1, Math.min(1, (mean - 4) / 3))
  return { background: d >= 0 ? `rgba(32, 150, 90, ${0.35 * d})` : `rgba(214, 48, 49, ${-0.35 * d})` }
}

function CustomerProfiles({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  const f = useFormat()
  const [offset, setOffset] = useState(0)
  // Unsorted, the newest answers first; a dimension's column sorts by its mean, the largest first.
  const { th, sort } = useServerSort<ProfileColumn>(
    (key) => (key === 'customer' ? 'asc' : 'desc'),
    () => setOffset(0),
  )
  const order = sort ? profileOrder(sort.key, sort.dir) : {}
  const page = useApi(`drivers-customers:${workspaceId}:${offset}:${sort?.key}:${sort?.dir}`, () =>
    driversApi.customers(workspaceId, 'commitment', offset, order),
  )
  const name = useDimensionName()
  const dimensions = ['affective', 'normative', 'economic', 'forced', 'habitual']
  return (
    <section className="card" style={{ marginTop: 16 }} data-testid="customer-profiles">
      <div className="page-header">
        <h2 className="card-title">{t('drivers.customerProfiles')}</h2>
        <div className="page-header-spacer" />
        <a
          className="button"
          href={customerProfilesCsvUrl(workspaceId, 'commitment', order)}
          download
          data-testid="customer-profiles-csv"
        >
          {t('drivers.csv')}
        </a>
      </div>
      {page.error && <ErrorNotice error={page.error} onRetry={page.reload} />}
      {page.data && page.data.total === 0 && <div className="muted">{t('drivers.noAnswers')}</div>}
      {page.data && page.data.total > 0 && (
        <>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  {th('customer', t('drivers.customer'))}
                  {th('answered', t('drivers.answeredAt'))}
                  {dimensions.map((d) => (
                    <Fragment key={d}>{th(`dimension:${d}`, name(d), true)}</Fragment>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((c) => (
                  <tr key={c.customerId}>
                    <td>
                      <Link
                        to={`/w/${encodeURIComponent(workspaceId)}/customers/${encodeURIComponent(c.customerId)}`}
                      >
                        {c.name ?? c.externalId}
                      </Link>
                    </td>
                    <td>{f.date(c.answeredAt)}</td>
                    {dimensions.map((d) => (
                      <td key={d} className="num" style={heat(c.scores[d], d)}>
                        {c.scores[d] === undefined ? '—' : f.number(c.scores[d], 1)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page.data} onGo={setOffset} />
        </>
      )}
    </section>
  )
}

/** A header of the profiles table: the customer, the answer's date, or one dimension's mean. */
type ProfileColumn = 'customer' | 'answered' | `dimension:${string}`

function profileOrder(column: ProfileColumn, dir: SortDir): ProfileOrder {
  if (column === 'customer' || column === 'answered') return { sort: column, dir }
  return { sort: 'dimension', dimension: column.slice('dimension:'.length), dir }
}

function Choice({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string
  value: string
  options: readonly (readonly [string, string])[]
  onChange: (value: string) => void
  testId: string
}) {
  return (
    <label className="field-inline">
      <span className="muted">{label}</span>{' '}
      <select
        className="select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A dimension's name in the reader's language; an unknown battery's dimension as it is stored. */
function useDimensionName(): (dimension: string) => string {
  const { t, i18n } = useTranslation()
  return useCallback(
    (d: string) =>
      i18n.exists(`drivers.dimensions.${d}`) ? t(`drivers.dimensions.${d}` as 'drivers.title') : d,
    [t, i18n],
  )
}

function useGroupName(): (g: { group: string | null; label: string | null }) => string {
  const { t, i18n } = useTranslation()
  return useCallback(
    (g: { group: string | null; label: string | null }) => {
      if (g.group === null) return t('drivers.noGroup')
      const segment = `segments.names.${g.group}`
      return i18n.exists(segment) ? t(segment as 'drivers.title') : (g.label ?? g.group)
    },
    [t, i18n],
  )
}
