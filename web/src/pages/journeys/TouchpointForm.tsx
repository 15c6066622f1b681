import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formErrorText } from '../../components/form-error.js'
import type { DraftTouchpoint } from './editor-model.js'
import { emotions } from './journey-format.js'
import { PromiseFields } from './PromiseFields.js'

export interface OwnerChoice {
  kind: 'unit' | 'user'
  id: string
  name: string
}

export interface SurveyChoice {
  id: string
  name: string
  touchpoint: string
}

const emotionNames = ['veryNegative', 'negative', 'neutral', 'positive', 'delighted'] as const

const channels = ['web', 'app', 'email', 'phone', 'chat', 'store', 'delivery', 'social']

/** The words of the event types as a list: split at commas and spaces, each once. */
function eventTypesOf(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))]
}

/**
 * A touchpoint's settings in the editor: name, channel, owner, the event types that mean "the customer was
 * here", the intended emotion and thought, promises; and the surveys asked there (attached at once).
 */
export function TouchpointForm({
  touchpoint,
  owners,
  surveys,
  onChange,
  onAttach,
}: {
  touchpoint: DraftTouchpoint
  owners: OwnerChoice[]
  surveys: SurveyChoice[]
  onChange: (change: Partial<DraftTouchpoint>) => void
  /** Sets the survey's touchpoint to this one's key (only for a saved touchpoint). */
  onAttach: (surveyId: string) => Promise<void>
}) {
  const { t } = useTranslation()
  const [eventText, setEventText] = useState(touchpoint.eventTypes.join(', '))
  const [surveyId, setSurveyId] = useState('')
  const [attachError, setAttachError] = useState<string | null>(null)
  const [attaching, setAttaching] = useState(false)
  const ownerValue = touchpoint.owner ? `${touchpoint.owner.kind}:${touchpoint.owner.id}` : ''
  const attachable = surveys.filter((s) => s.touchpoint !== touchpoint.key)
  const attach = async () => {
    if (!surveyId) return
    setAttaching(true)
    setAttachError(null)
    try {
      await onAttach(surveyId)
      setSurveyId('')
    } catch (error) {
      setAttachError(formErrorText(error, t))
    } finally {
      setAttaching(false)
    }
  }
  return (
    <section className="card journey-form" aria-labelledby="tp-form-title" data-testid="touchpoint-form">
      <h2 className="card-title" id="tp-form-title">
        {t('journeys.touchpointSettings', { name: touchpoint.name })}
      </h2>
      <div className="journey-form-grid">
        <label className="field">
          <span className="field-label">{t('journeys.touchpointName')}</span>
          <input
            className="input"
            value={touchpoint.name}
            maxLength={200}
            onChange={(e) => onChange({ name: e.target.value })}
            data-testid="tp-name"
          />
        </label>
        <div className="field">
          <span className="field-label">{t('journeys.key')}</span>
          <span className="mono" data-testid="tp-key">
            {touchpoint.key ?? t('journeys.keyOnSave')}
          </span>
        </div>
        <label className="field">
          <span className="field-label">{t('journeys.channel')}</span>
          <input
            className="input"
            list="journey-channels"
            value={touchpoint.channel}
            maxLength={100}
            onChange={(e) => onChange({ channel: e.target.value })}
            data-testid="tp-channel"
          />
          <datalist id="journey-channels">
            {channels.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field-label">{t('journeys.owner')}</span>
          <select
            className="select"
            value={ownerValue}
            onChange={(e) => {
              const [kind, id] = e.target.value.split(':') as ['unit' | 'user', string]
              onChange({ owner: e.target.value ? { kind, id } : null })
            }}
            data-testid="tp-owner"
          >
            <option value="">{t('journeys.noOwner')}</option>
            <optgroup label={t('journeys.ownerUnits')}>
              {owners
                .filter((o) => o.kind === 'unit')
                .map((o) => (
                  <option key={o.id} value={`unit:${o.id}`}>
                    {o.name}
                  </option>
                ))}
            </optgroup>
            <optgroup label={t('journeys.ownerPeople')}>
              {owners
                .filter((o) => o.kind === 'user')
                .map((o) => (
                  <option key={o.id} value={`user:${o.id}`}>
                    {o.name}
                  </option>
                ))}
            </optgroup>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('journeys.eventTypes')}</span>
          <input
            className="input mono"
            value={eventText}
            onChange={(e) => {
              setEventText(e.target.value)
              onChange({ eventTypes: eventTypesOf(e.target.value) })
            }}
            data-testid="tp-event-types"
          />
          <span className="field-hint">{t('journeys.eventTypesHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{t('journeys.intendedEmotion')}</span>
          <select
            className="select"
            value={touchpoint.intendedEmotion ?? ''}
            onChange={(e) =>
              onChange({ intendedEmotion: e.target.value === '' ? null : Number(e.target.value) })
            }
            data-testid="tp-emotion"
          >
            <option value="">{t('journeys.noEmotion')}</option>
            {emotions.map((v) => (
              <option key={v} value={v}>
                {v > 0 ? `+${v}` : v} {t(`journeys.emotions.${emotionNames[v + 2] ?? 'neutral'}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t('journeys.intendedThought')}</span>
        <textarea
          className="input"
          rows={2}
          maxLength={500}
          value={touchpoint.intendedThought}
          onChange={(e) => onChange({ intendedThought: e.target.value })}
          data-testid="tp-thought"
        />
      </label>

      <h3 className="journey-subtitle">{t('journeys.promises')}</h3>
      <p className="muted small">{t('journeys.promisesHint')}</p>
      {touchpoint.promises.map((p, i) => (
        <PromiseFields
          // biome-ignore lint/suspicious/noArrayIndexKey: promises have no id until saved; the index is their place
          key={i}
          index={i}
          promise={p}
          onChange={(next) => onChange({ promises: touchpoint.promises.map((x, j) => (j === i ? next : x)) })}
          onRemove={() => onChange({ promises: touchpoint.promises.filter((_, j) => j !== i) })}
        />
      ))}
      <button
        type="button"
        className="button button-secondary"
        disabled={touchpoint.promises.length >= 20}
        onClick={() =>
          onChange({
            promises: [
              ...touchpoint.promises,
              {
                name: t('journeys.newPromise'),
                startEvent: touchpoint.eventTypes[0] ?? '',
                endEvent: '',
                limitMinutes: 1440,
                businessHours: null,
              },
            ],
          })
        }
        data-testid="tp-add-promise"
      >
        {t('journeys.addPromise')}
      </button>

      <h3 className="journey-subtitle">{t('journeys.surveys')}</h3>
      {touchpoint.surveys.length === 0 ? (
        <p className="muted small">{t('journeys.noSurveys')}</p>
      ) : (
        <ul className="journey-survey-list" data-testid="tp-surveys">
          {touchpoint.surveys.map((s) => (
            <li key={s.id}>
              {s.name} <span className="muted small">({s.status})</span>
            </li>
          ))}
        </ul>
      )}
      {touchpoint.key ? (
        <div className="journey-inline">
          <label className="visually-hidden" htmlFor="tp-survey">
            {t('journeys.attachSurvey')}
          </label>
          <select
            id="tp-survey"
            className="select"
            value={surveyId}
            onChange={(e) => setSurveyId(e.target.value)}
            data-testid="tp-survey-select"
          >
            <option value="">{t('journeys.chooseSurvey')}</option>
            {attachable.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.touchpoint})
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-secondary"
            disabled={!surveyId || attaching}
            onClick={() => void attach()}
            data-testid="tp-survey-attach"
          >
            {t('journeys.attach')}
          </button>
        </div>
      ) : (
        <p className="muted small">{t('journeys.saveToAttach')}</p>
      )}
      {attachError && (
        <div className="notice notice-error" role="alert">
          {attachError}
        </div>
      )}
    </section>
  )
}
