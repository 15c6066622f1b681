import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DraftPromise } from './editor-model.js'

const units = [
  ['minutes', 1],
  ['hours', 60],
  ['days', 1440],
] as const
type Unit = (typeof units)[number][0]

const weekdays = [1, 2, 3, 4, 5, 6, 7] as const

/** The largest unit the limit is a whole number of. */
function unitOf(minutes: number): Unit {
  if (minutes % 1440 === 0) return 'days'
  if (minutes % 60 === 0) return 'hours'
  return 'minutes'
}

/** One promise: its name, start and end events, limit (in minutes, hours or days) and optional business hours. */
export function PromiseFields({
  promise,
  index,
  onChange,
  onRemove,
}: {
  promise: DraftPromise
  index: number
  onChange: (p: DraftPromise) => void
  onRemove: () => void
}) {
  const { t, i18n } = useTranslation()
  const [unit, setUnit] = useState<Unit>(unitOf(promise.limitMinutes))
  const factor = units.find(([u]) => u === unit)?.[1] ?? 1
  const hours = promise.businessHours
  const dayName = (d: number) =>
    new Intl.DateTimeFormat(i18n.language, { weekday: 'short', timeZone: 'UTC' }).format(
      // 2024-01-01 was a Monday (ISO weekday 1).
      new Date(Date.UTC(2024, 0, d)),
    )
  const id = (field: string) => `promise-${index}-${field}`
  return (
    <fieldset className="journey-promise-fields" data-testid={`promise-${index}`}>
      <legend>{t('journeys.promiseN', { n: index + 1 })}</legend>
      <div className="journey-form-grid">
        <label className="field">
          <span className="field-label">{t('journeys.promiseName')}</span>
          <input
            className="input"
            value={promise.name}
            maxLength={200}
            onChange={(e) => onChange({ ...promise, name: e.target.value })}
            data-testid={id('name')}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('journeys.startEvent')}</span>
          <input
            className="input mono"
            value={promise.startEvent}
            maxLength={100}
            onChange={(e) => onChange({ ...promise, startEvent: e.target.value.trim() })}
            data-testid={id('start')}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('journeys.endEvent')}</span>
          <input
            className="input mono"
            value={promise.endEvent}
            maxLength={100}
            onChange={(e) => onChange({ ...promise, endEvent: e.target.value.trim() })}
            data-testid={id('end')}
          />
        </label>
        <div className="field">
          <label className="field-label" htmlFor={id('limit')}>
            {t('journeys.limit')}
          </label>
          <div className="journey-inline">
            <input
              id={id('limit')}
              className="input"
              type="number"
              min={1}
              step={1}
              value={Math.round((promise.limitMinutes / factor) * 100) / 100}
              onChange={(e) => {
                const value = Number(e.target.value)
                if (Number.isFinite(value) && value > 0)
                  onChange({ ...promise, limitMinutes: Math.max(1, Math.round(value * factor)) })
              }}
              data-testid={id('limit')}
            />
            <select
              className="select"
              aria-label={t('journeys.limitUnit')}
              value={unit}
              onChange={(e) => setUnit(e.target.value as Unit)}
              data-testid={id('unit')}
            >
              {units.map(([u]) => (
                <option key={u} value={u}>
                  {t(`journeys.units.${u}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={hours !== null}
          onChange={(e) =>
            onChange({
              ...promise,
              businessHours: e.target.checked
                ? { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }
                : null,
            })
          }
          data-testid={id('business-hours')}
        />
        <span className="checkbox-label">{t('journeys.businessHours')}</span>
      </label>
      {hours && (
        <div className="journey-hours">
          <fieldset className="journey-days">
            <legend className="field-label">{t('journeys.days')}</legend>
            {weekdays.map((d) => (
              <label key={d} className="journey-day">
                <input
                  type="checkbox"
                  checked={hours.days.includes(d)}
                  onChange={(e) => {
                    const days = e.target.checked
                      ? [...hours.days, d].sort((a, b) => a - b)
                      : hours.days.filter((x) => x !== d)
                    onChange({ ...promise, businessHours: { ...hours, days } })
                  }}
                />
                {dayName(d)}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span className="field-label">{t('journeys.opens')}</span>
            <input
              className="input"
              type="time"
              value={hours.start}
              onChange={(e) => onChange({ ...promise, businessHours: { ...hours, start: e.target.value } })}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('journeys.closes')}</span>
            <input
              className="input"
              type="time"
              value={hours.end}
              onChange={(e) => onChange({ ...promise, businessHours: { ...hours, end: e.target.value } })}
            />
          </label>
        </div>
      )}
      <button type="button" className="button button-secondary" onClick={onRemove}>
        {t('journeys.removePromise')}
      </button>
    </fieldset>
  )
}
