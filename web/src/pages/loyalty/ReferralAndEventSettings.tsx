import { type FormEvent, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { Field } from '../../components/Field.js'
import {
  type ActKind,
  actKinds,
  type EventRules,
  loyaltyApi,
  type ReferralSettings,
  type RefusalReason,
} from './loyalty-api.js'
import { SaveBar, SettingsCard, useSave } from './settings-save.js'

interface RuleDraft {
  /** Stable across edits, for React's list keys. */
  key: string
  eventType: string
  actKind: ActKind
}

let drafted = 0
const draftOf = (rule: EventRules['rules'][number]): RuleDraft => ({ key: `rule-${drafted++}`, ...rule })

/** Which event types become which acts of loyalty (the job records them every ten minutes). */
export function EventRulesSection({
  initial,
  canEdit,
  onSaved,
}: {
  initial: EventRules
  canEdit: boolean
  onSaved: () => void
}) {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const [rules, setRules] = useState<RuleDraft[]>(() => initial.rules.map(draftOf))
  useEffect(() => setRules(initial.rules.map(draftOf)), [initial])
  const save = useSave()
  const change = (i: number, rule: Partial<RuleDraft>) =>
    setRules(rules.map((r, j) => (j === i ? { ...r, ...rule } : r)))
  function submit(e: FormEvent) {
    e.preventDefault()
    void save.run(
      () =>
        loyaltyApi.saveEventRules(workspaceId, {
          rules: rules.map((r) => ({ eventType: r.eventType.trim(), actKind: r.actKind })),
        }),
      onSaved,
    )
  }
  return (
    <SettingsCard
      id="event-rules"
      title={t('loyalty.settings.eventRules')}
      hint={t('loyalty.settings.eventRulesHint')}
    >
      <form className="loyalty-form" onSubmit={submit}>
        {rules.length === 0 && (
          <p className="muted" data-testid="loyalty-event-rules-empty">
            {t('loyalty.settings.noEventRules')}
          </p>
        )}
        {rules.length > 0 && (
          <div className="table-scroll">
            <table className="table" data-testid="loyalty-event-rules">
              <thead>
                <tr>
                  <th>{t('loyalty.settings.eventType')}</th>
                  <th>{t('loyalty.settings.actKind')}</th>
                  {canEdit && <th />}
                </tr>
              </thead>
              <tbody>
                {rules.map((rule, i) => (
                  <tr key={rule.key} data-testid="loyalty-event-rule">
                    <td>
                      {canEdit ? (
                        <input
                          className="input mono"
                          required
                          maxLength={100}
                          aria-label={t('loyalty.settings.eventType')}
                          value={rule.eventType}
                          onChange={(e) => change(i, { eventType: e.target.value })}
                          data-testid="loyalty-event-type"
                        />
                      ) : (
                        <span className="mono">{rule.eventType}</span>
                      )}
                    </td>
                    <td>
                      {canEdit ? (
                        <select
                          className="select"
                          aria-label={t('loyalty.settings.actKind')}
                          value={rule.actKind}
                          onChange={(e) => change(i, { actKind: e.target.value as ActKind })}
                          data-testid="loyalty-event-act"
                        >
                          {actKinds.map((kind) => (
                            <option key={kind} value={kind}>
                              {t(`loyalty.kinds.${kind}`)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        t(`loyalty.kinds.${rule.actKind}`)
                      )}
                    </td>
                    {canEdit && (
                      <td>
                        <button
                          type="button"
                          className="button button-secondary"
                          onClick={() => setRules(rules.filter((_, j) => j !== i))}
                        >
                          {t('loyalty.settings.removeEventRule')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {canEdit && (
          <>
            <div>
              <button
                type="button"
                className="button button-secondary"
                onClick={() =>
                  setRules([...rules, { key: `rule-${drafted++}`, eventType: '', actKind: 'review' }])
                }
                data-testid="loyalty-add-event-rule"
              >
                {t('loyalty.settings.addEventRule')}
              </button>
            </div>
            <SaveBar state={save} testId="loyalty-save-event-rules" />
          </>
        )}
      </form>
    </SettingsCard>
  )
}

/** What the self-referral guard and the limits refuse, in the order the server checks them. */
const refusals: RefusalReason[] = [
  'self_referral',
  'same_email',
  'same_phone',
  'same_address',
  'same_device',
  'limit_reached',
  'existing_customer',
]

/** The referral program: the return window the reward waits out, the limit per referrer and period, the link. */
export function ReferralSection({
  initial,
  rewardPoints,
  canEdit,
  onSaved,
}: {
  initial: ReferralSettings
  /** The points the referral act's rule gives; null: thanks only. */
  rewardPoints: number | null
  canEdit: boolean
  onSaved: () => void
}) {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const [returnDays, setReturnDays] = useState(String(initial.returnDays))
  const [limit, setLimit] = useState(initial.limit === null ? '' : String(initial.limit))
  const [limitDays, setLimitDays] = useState(String(initial.limitDays))
  const [link, setLink] = useState(initial.link ?? '')
  const save = useSave()
  function submit(e: FormEvent) {
    e.preventDefault()
    void save.run(
      () =>
        loyaltyApi.saveReferralSettings(workspaceId, {
          returnDays: Number(returnDays),
          limit: limit === '' ? null : Number(limit),
          limitDays: Number(limitDays),
          link: link.trim() === '' ? null : link.trim(),
        }),
      onSaved,
    )
  }
  const reward =
    rewardPoints === null
      ? t('loyalty.settings.thanksOnly')
      : t('loyalty.settings.referralRewardPoints', { points: rewardPoints })
  return (
    <SettingsCard
      id="referrals"
      title={t('loyalty.settings.referrals')}
      hint={t('loyalty.settings.referralsHint')}
    >
      <p data-testid="loyalty-referral-reward">{t('loyalty.settings.referralReward', { reward })}</p>
      {canEdit ? (
        <form className="loyalty-form" onSubmit={submit} data-testid="loyalty-referral-form">
          <NumberBox
            label={t('loyalty.settings.returnDays')}
            hint={t('loyalty.settings.returnDaysHint')}
            value={returnDays}
            set={setReturnDays}
            range={[0, 3660]}
            testId="loyalty-referral-return-days"
          />
          <NumberBox
            label={t('loyalty.settings.referralLimit')}
            hint={t('loyalty.settings.referralLimitHint')}
            value={limit}
            set={setLimit}
            range={[1, 100_000]}
            optional
            testId="loyalty-referral-limit"
          />
          <NumberBox
            label={t('loyalty.settings.limitDays')}
            value={limitDays}
            set={setLimitDays}
            range={[1, 3660]}
            testId="loyalty-referral-limit-days"
          />
          <Field label={t('loyalty.settings.referralLink')} hint={t('loyalty.settings.referralLinkHint')}>
            <input
              className="input mono"
              type="url"
              placeholder="https://shop.example/join?ref={code}"
              value={link}
              onChange={(e) => setLink(e.target.value)}
              data-testid="loyalty-referral-link"
            />
          </Field>
          <SaveBar state={save} testId="loyalty-save-referrals" />
        </form>
      ) : (
        <dl data-testid="loyalty-referral-summary">
          <dt>{t('loyalty.settings.returnDays')}</dt>
          <dd>{initial.returnDays}</dd>
          <dt>{t('loyalty.settings.referralLimit')}</dt>
          <dd>
            {initial.limit === null
              ? t('loyalty.settings.noLimit')
              : t('loyalty.settings.limitSummary', { limit: initial.limit, days: initial.limitDays })}
          </dd>
          <dt>{t('loyalty.settings.referralLink')}</dt>
          <dd className="mono wrap">{initial.link ?? '—'}</dd>
        </dl>
      )}
      <h3 className="field-label">{t('loyalty.settings.referralChecks')}</h3>
      <ul data-testid="loyalty-referral-checks">
        {refusals.map((reason) => (
          <li key={reason}>{t(`loyalty.settings.refusals.${reason}`)}</li>
        ))}
      </ul>
    </SettingsCard>
  )
}

/** A whole number box with its label; empty is allowed only when optional. */
function NumberBox(props: {
  label: string
  hint?: string
  value: string
  set(value: string): void
  range: [number, number]
  optional?: boolean
  testId: string
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      <input
        className="input"
        type="number"
        required={!props.optional}
        min={props.range[0]}
        max={props.range[1]}
        value={props.value}
        onChange={(e) => props.set(e.target.value)}
        data-testid={props.testId}
      />
    </Field>
  )
}
