import { useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useFocusableTables } from '../../layout/focusable-tables.js'
import { useApi } from '../../use-api.js'
import { EmotionCurve } from './EmotionCurve.js'
import { JourneyHeader, JourneyWindowPicker } from './JourneyHeader.js'
import { JourneyTable } from './JourneyTable.js'
import { journeyPagePath, journeysApi, type TouchpointExperience } from './journeys-api.js'
import { TouchpointCard } from './TouchpointCard.js'
import { useJourneyWindow } from './use-journey-window.js'

/**
 * The journey map with its experience layer: stages as columns (stacked on a phone), touchpoints as cards with
 * what the data says of them, the emotion curve, and the touchpoint table; printable for a workshop wall.
 */
export function JourneyMapPage() {
  const { t } = useTranslation()
  const { workspaceId = '', journeyId = '' } = useParams()
  const [window, setWindow] = useJourneyWindow()
  const page = useRef<HTMLDivElement>(null)
  useFocusableTables(page)
  const journey = useApi(`journey:${workspaceId}:${journeyId}`, () => journeysApi.get(workspaceId, journeyId))
  const experience = useApi(
    `journey-experience:${workspaceId}:${journeyId}:${window.from}:${window.to}`,
    () => journeysApi.experience(workspaceId, journeyId, window),
  )
  const byId = useMemo(
    () =>
      new Map<string, TouchpointExperience>(
        (experience.data?.touchpoints ?? []).map((e) => [e.touchpointId, e]),
      ),
    [experience.data],
  )
  if (journey.error) return <ErrorNotice error={journey.error} onRetry={journey.reload} />
  const j = journey.data
  if (!j) return <div className="muted">{t('app.loading')}</div>
  return (
    <div className="page journey-page" ref={page}>
      <JourneyHeader workspaceId={workspaceId} journeyId={journeyId} name={j.name} window={window}>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => globalThis.print()}
          data-testid="journey-print"
        >
          {t('journeys.print')}
        </button>
      </JourneyHeader>
      {j.description && <p className="muted">{j.description}</p>}
      <div className="toolbar no-print">
        <JourneyWindowPicker window={window} onChange={setWindow} />
        {experience.data && (
          <span className="muted small">{t('journeys.minN', { n: experience.data.minN })}</span>
        )}
      </div>
      {experience.error && <ErrorNotice error={experience.error} onRetry={experience.reload} />}
      {j.stages.length === 0 ? (
        <div className="card empty-state" data-testid="journey-empty">
          <p>{t('journeys.noStages')}</p>
          <Link className="button button-primary" to={journeyPagePath(workspaceId, journeyId, 'edit')}>
            {t('journeys.openEditor')}
          </Link>
        </div>
      ) : (
        <>
          <section
            className="journey-board"
            aria-label={t('journeys.boardLabel')}
            data-testid="journey-board"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: the board scrolls sideways; the keyboard must reach it
            tabIndex={0}
          >
            {j.stages.map((stage, index) => (
              <section
                key={stage.id}
                className="journey-stage"
                aria-labelledby={`stage-${stage.id}`}
                data-testid="journey-stage"
              >
                <h2 className="journey-stage-title" id={`stage-${stage.id}`}>
                  <span className="journey-stage-number">{index + 1}</span> {stage.name}
                </h2>
                {stage.touchpoints.length === 0 && (
                  <p className="muted small">{t('journeys.noTouchpoints')}</p>
                )}
                {stage.touchpoints.map((tp) => (
                  <TouchpointCard
                    key={tp.id}
                    workspaceId={workspaceId}
                    touchpoint={tp}
                    experience={byId.get(tp.id)}
                  />
                ))}
              </section>
            ))}
          </section>
          {experience.data && <EmotionCurve curve={experience.data.emotionCurve} />}
          <JourneyTable journey={j} byId={byId} />
        </>
      )}
    </div>
  )
}
