import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { useMe } from '../../session.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { LoyaltyTabs } from './LoyaltyTabs.js'
import { type ActRules, actKinds, loyaltyApi, type Settings, type TierRules } from './loyalty-api.js'
import { EventRulesSection, ReferralSection } from './ReferralAndEventSettings.js'
import { SaveBar, SettingsCard, useSave } from './settings-save.js'

/** Whether the signed-in person manages the whole workspace: only they may change the program's rules. */
function useWholeWorkspaceManager(workspaceId: string): boolean {
  const me = useMe()
  const membership = me.workspaces.find((w) => w.id === workspaceId)
  return (membership?.role === 'owner' || membership?.role === 'admin') && membership.orgUnitId === null
}

/**
 * The program's rules: acts → points, which events are acts, referrals, status tiers and their grace period, point
 * expiry and value.
 */
export function ProgramSettingsPage() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const canEdit = useWholeWorkspaceManager(workspaceId)
  const settings = useApi(`loyalty-settings:${workspaceId}`, () => loyaltyApi.settings(workspaceId))
  const tiers = useApi(`loyalty-tiers:${workspaceId}`, () => loyaltyApi.tiers(workspaceId))
  const actRules = useApi(`loyalty-act-rules:${workspaceId}`, () => loyaltyApi.actRules(workspaceId))
  const eventRules = useApi(`loyalty-event-rules:${workspaceId}`, () => loyaltyApi.eventRules(workspaceId))
  const referrals = useApi(`loyalty-referral-settings:${workspaceId}`, () =>
    loyaltyApi.referralSettings(workspaceId),
  )
  return (
    <div className="page">
      <LoyaltyTabs />
      {!canEdit && (
        <div className="notice" data-testid="loyalty-settings-read-only">
          {t('loyalty.settings.readOnly')}
        </div>
      )}
      {settings.error && <ErrorNotice error={settings.error} onRetry={settings.reload} />}
      {settings.data && <PointsSection initial={settings.data} canEdit={canEdit} onSaved={settings.reload} />}
      {actRules.error && <ErrorNotice error={actRules.error} onRetry={actRules.reload} />}
      {actRules.data && (
        <ActRulesSection initial={actRules.data} canEdit={canEdit} onSaved={actRules.reload} />
      )}
      {eventRules.error && <ErrorNotice error={eventRules.error} onRetry={eventRules.reload} />}
      {eventRules.data && (
        <EventRulesSection initial={eventRules.data} canEdit={canEdit} onSaved={eventRules.reload} />
      )}
      {referrals.error && <ErrorNotice error={referrals.error} onRetry={referrals.reload} />}
      {referrals.data && actRules.data && (
        <ReferralSection
          initial={referrals.data}
          rewardPoints={actRules.data.points.referral ?? null}
          canEdit={canEdit}
          onSaved={referrals.reload}
        />
      )}
      {tiers.error && <ErrorNotice error={tiers.error} onRetry={tiers.reload} />}
      {tiers.data && <TiersSection initial={tiers.data} canEdit={canEdit} onSaved={tiers.reload} />}
    </div>
  )
}

function PointsSection({
  initial,
  canEdit,
  onSaved,
}: {
  initial: Settings
  canEdit: boolean
  onSaved: () => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [expiryDays, setExpiryDays] = useState(initial.expiryDays === null ? '' : String(initial.expiryDays))
  const [pointValue, setPointValue] = useState(initial.pointValue ?? '')
  const save = useSave()
  function submit(e: FormEvent) {
    e.preventDefault()
    void save.run(
      () =>
        loyaltyApi.saveSettings(workspaceId, {
          expiryDays: expiryDays === '' ? null : Number(expiryDays),
          pointValue: pointValue.trim() === '' ? null : pointValue.trim(),
        }),
      onSaved,
    )
  }
  return (
    <SettingsCard id="points" title={t('loyalty.settings.points')}>
      {canEdit ? (
        <form className="loyalty-form" onSubmit={submit}>
          <Field label={t('loyalty.settings.expiryDays')} hint={t('loyalty.settings.expiryHint')}>
            <input
              className="input"
              type="number"
              min={1}
              max={36500}
              value={expiryDays}
              onChange={(e) => setExpiryDays(e.target.value)}
            />
          </Field>
          <Field label={t('loyalty.settings.pointValue')} hint={t('loyalty.settings.pointValueHint')}>
            <input
              className="input"
              inputMode="decimal"
              value={pointValue}
              onChange={(e) => setPointValue(e.target.value)}
              data-testid="loyalty-point-value"
            />
          </Field>
          <SaveBar state={save} testId="loyalty-save-points" />
        </form>
      ) : (
        <dl>
          <dt>{t('loyalty.settings.expiryDays')}</dt>
          <dd>{initial.expiryDays ?? t('loyalty.ledger.never')}</dd>
          <dt>{t('loyalty.settings.pointValue')}</dt>
          <dd>{initial.pointValue === null ? '—' : f.decimal(initial.pointValue)}</dd>
        </dl>
      )}
    </SettingsCard>
  )
}

function ActRulesSection({
  initial,
  canEdit,
  onSaved,
}: {
  initial: ActRules
  canEdit: boolean
  onSaved: () => void
}) {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const [points, setPoints] = useState<Record<string, string>>(() =>
    Object.fromEntries(actKinds.map((k) => [k, String(initial.points[k] ?? '')])),
  )
  const save = useSave()
  function submit(e: FormEvent) {
    e.preventDefault()
    const entries = Object.entries(points).filter(([, v]) => v.trim() !== '')
    void save.run(
      () =>
        loyaltyApi.saveActRules(workspaceId, {
          points: Object.fromEntries(entries.map(([k, v]) => [k, Number(v)])),
        }),
      onSaved,
    )
  }
  return (
    <SettingsCard id="acts" title={t('loyalty.settings.acts')} hint={t('loyalty.settings.actsHint')}>
      <form className="loyalty-form" onSubmit={submit}>
        <div className="table-scroll">
          <table className="table" data-testid="loyalty-act-rules">
            <thead>
              <tr>
                <th>{t('loyalty.thanks.act')}</th>
                <th className="num">{t('loyalty.settings.actPoints')}</th>
              </tr>
            </thead>
            <tbody>
              {actKinds.map((kind) => (
                <tr key={kind}>
                  <td>{t(`loyalty.kinds.${kind}`)}</td>
                  <td className="num">
                    {canEdit ? (
                      <input
                        className="input"
                        type="number"
                        min={0}
                        aria-label={t('loyalty.settings.pointsFor', { kind: t(`loyalty.kinds.${kind}`) })}
                        value={points[kind] ?? ''}
                        placeholder={t('loyalty.settings.thanksOnly')}
                        onChange={(e) => setPoints({ ...points, [kind]: e.target.value })}
                      />
                    ) : (
                      (initial.points[kind] ?? t('loyalty.settings.thanksOnly'))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {canEdit && <SaveBar state={save} testId="loyalty-save-acts" />}
      </form>
    </SettingsCard>
  )
}

interface TierDraft {
  /** Stable across edits, for React's list keys. */
  key: string
  code: string
  name: string
  rank: string
  minSpend: string
  minOrders: string
  minEngagements: string
  benefits: string
}

const draftOf = (tier: TierRules['tiers'][number]): TierDraft => ({
  key: tier.code,
  code: tier.code,
  name: tier.name,
  rank: String(tier.rank),
  minSpend: tier.minSpend,
  minOrders: String(tier.minOrders),
  minEngagements: String(tier.minEngagements),
  benefits: tier.benefits.join('\n'),
})

function TiersSection({
  initial,
  canEdit,
  onSaved,
}: {
  initial: TierRules
  canEdit: boolean
  onSaved: () => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [windowDays, setWindowDays] = useState(String(initial.windowDays))
  const [graceDays, setGraceDays] = useState(String(initial.graceDays))
  const [tiers, setTiers] = useState<TierDraft[]>(() => initial.tiers.map(draftOf))
  useEffect(() => setTiers(initial.tiers.map(draftOf)), [initial])
  const save = useSave()
  const change = (i: number, field: keyof TierDraft, value: string) =>
    setTiers(tiers.map((tier, j) => (j === i ? { ...tier, [field]: value } : tier)))
  function submit(e: FormEvent) {
    e.preventDefault()
    void save.run(
      () =>
        loyaltyApi.saveTiers(workspaceId, {
          windowDays: Number(windowDays),
          graceDays: Number(graceDays),
          tiers: tiers.map((tier) => ({
            code: tier.code,
            name: tier.name,
            rank: Number(tier.rank),
            minSpend: tier.minSpend.trim() || '0',
            minOrders: Number(tier.minOrders || 0),
            minEngagements: Number(tier.minEngagements || 0),
            benefits: tier.benefits
              .split('\n')
              .map((b) => b.trim())
              .filter(Boolean),
          })),
        }),
      onSaved,
    )
  }
  const nextRank = Math.max(0, ...tiers.map((tier) => Number(tier.rank) || 0)) + 1
  if (!canEdit)
    return (
      <SettingsCard id="tiers" title={t('loyalty.settings.tiers')}>
        <p className="muted">
          {t('loyalty.settings.windowSummary', { window: initial.windowDays, grace: initial.graceDays })}
        </p>
        <div className="table-scroll">
          <table className="table" data-testid="loyalty-tiers-table">
            <thead>
              <tr>
                <th>{t('loyalty.settings.tierName')}</th>
                <th className="num">{t('loyalty.settings.minSpend')}</th>
                <th className="num">{t('loyalty.settings.minOrders')}</th>
                <th className="num">{t('loyalty.settings.minEngagements')}</th>
                <th>{t('loyalty.settings.benefits')}</th>
              </tr>
            </thead>
            <tbody>
              {initial.tiers.map((tier) => (
                <tr key={tier.code} data-testid="loyalty-tier-row">
                  <td>{tier.name}</td>
                  <td className="num">{f.decimal(tier.minSpend)}</td>
                  <td className="num">{tier.minOrders}</td>
                  <td className="num">{tier.minEngagements}</td>
                  <td className="wrap">{tier.benefits.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </SettingsCard>
    )
  return (
    <SettingsCard id="tiers" title={t('loyalty.settings.tiers')} hint={t('loyalty.settings.tiersHint')}>
      <form className="loyalty-form" onSubmit={submit} data-testid="loyalty-tiers-form">
        <div className="loyalty-tier">
          <Field label={t('loyalty.settings.windowDays')}>
            <input
              className="input"
              type="number"
              min={1}
              max={3660}
              value={windowDays}
              onChange={(e) => setWindowDays(e.target.value)}
            />
          </Field>
          <Field label={t('loyalty.settings.graceDays')} hint={t('loyalty.settings.graceHint')}>
            <input
              className="input"
              type="number"
              min={0}
              max={3660}
              value={graceDays}
              onChange={(e) => setGraceDays(e.target.value)}
            />
          </Field>
        </div>
        {tiers.map((tier, i) => (
          <fieldset key={tier.key} className="loyalty-tier" data-testid="loyalty-tier-edit">
            <legend className="field-label">{tier.name || t('loyalty.settings.newTier')}</legend>
            <Field label={t('loyalty.settings.tierName')}>
              <input
                className="input"
                value={tier.name}
                onChange={(e) => change(i, 'name', e.target.value)}
              />
            </Field>
            <Field label={t('loyalty.settings.tierCode')}>
              <input
                className="input"
                value={tier.code}
                onChange={(e) => change(i, 'code', e.target.value)}
              />
            </Field>
            <Field label={t('loyalty.settings.rank')}>
              <input
                className="input"
                type="number"
                min={1}
                value={tier.rank}
                onChange={(e) => change(i, 'rank', e.target.value)}
              />
            </Field>
            <Field label={t('loyalty.settings.minSpend')}>
              <input
                className="input"
                inputMode="decimal"
                value={tier.minSpend}
                onChange={(e) => change(i, 'minSpend', e.target.value)}
              />
            </Field>
            <Field label={t('loyalty.settings.minOrders')}>
              <input
                className="input"
                type="number"
                min={0}
                value={tier.minOrders}
                onChange={(e) => change(i, 'minOrders', e.target.value)}
              />
            </Field>
            <Field label={t('loyalty.settings.minEngagements')}>
              <input
                className="input"
                type="number"
                min={0}
                value={tier.minEngagements}
                onChange={(e) => change(i, 'minEngagements', e.target.value)}
              />
            </Field>
            <Field label={t('loyalty.settings.benefits')} hint={t('loyalty.settings.benefitsHint')}>
              <textarea
                className="input"
                rows={3}
                value={tier.benefits}
                onChange={(e) => change(i, 'benefits', e.target.value)}
              />
            </Field>
            <div>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => setTiers(tiers.filter((_, j) => j !== i))}
              >
                {t('loyalty.settings.removeTier')}
              </button>
            </div>
          </fieldset>
        ))}
        <div>
          <button
            type="button"
            className="button button-secondary"
            onClick={() =>
              setTiers([
                ...tiers,
                {
                  key: `new-${Date.now()}`,
                  code: '',
                  name: '',
                  rank: String(nextRank),
                  minSpend: '0',
                  minOrders: '0',
                  minEngagements: '0',
                  benefits: '',
                },
              ])
            }
          >
            {t('loyalty.settings.addTier')}
          </button>
        </div>
        <SaveBar state={save} testId="loyalty-save-tiers" />
      </form>
    </SettingsCard>
  )
}
