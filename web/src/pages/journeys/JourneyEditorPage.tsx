import { type DragEvent, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { formErrorText } from '../../components/form-error.js'
import { useApi } from '../../use-api.js'
import { settingsApi } from '../settings/settings-api.js'
import { surveysApi } from '../surveys/surveys-api.js'
import {
  addStage,
  addTouchpoint,
  changeStage,
  changeTouchpoint,
  type Draft,
  type DraftTouchpoint,
  documentOf,
  draftOf,
  moveStage,
  moveTouchpoint,
  newTouchpoint,
  placeOf,
  placeTouchpoint,
  removeStage,
  removeTouchpoint,
} from './editor-model.js'
import { JourneyHeader } from './JourneyHeader.js'
import { type Journey, journeysApi } from './journeys-api.js'
import { type OwnerChoice, TouchpointForm } from './TouchpointForm.js'
import { useJourneyWindow } from './use-journey-window.js'

const dragType = 'application/x-rapport-touchpoint'

/**
 * The visual editor: add, rename and move stages and touchpoints (buttons, keyboard or drag and drop), set each
 * touchpoint's channel, owner, events, intended emotion and thought, promises and surveys; saved as a whole.
 */
export function JourneyEditorPage() {
  const { t } = useTranslation()
  const { workspaceId = '', journeyId = '' } = useParams()
  const [window] = useJourneyWindow()
  const journey = useApi(`journey-edit:${workspaceId}:${journeyId}`, () =>
    journeysApi.get(workspaceId, journeyId),
  )
  const surveys = useApi(`journey-surveys:${workspaceId}`, () => surveysApi.list(workspaceId))
  const units = useApi(`journey-units:${workspaceId}`, () =>
    settingsApi.orgUnits(workspaceId).catch(() => []),
  )
  const members = useApi(`journey-members:${workspaceId}`, () =>
    settingsApi.members(workspaceId).catch(() => []),
  )
  const [saved, setSaved] = useState<Journey | undefined>()
  const [draft, setDraft] = useState<Draft | undefined>()
  const [dirty, setDirty] = useState(false)
  const [selected, setSelected] = useState<string | undefined>()
  const [newStage, setNewStage] = useState('')
  const [saving, setSaving] = useState(false)
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null)
  const navigate = useNavigate()

  // Leaving the page (reload, closing the tab) with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    globalThis.addEventListener('beforeunload', warn)
    return () => globalThis.removeEventListener('beforeunload', warn)
  }, [dirty])

  useEffect(() => {
    if (journey.data) {
      setSaved(journey.data)
      setDraft(draftOf(journey.data))
      setDirty(false)
    }
  }, [journey.data])

  const owners = useMemo<OwnerChoice[]>(
    () => [
      ...(units.data ?? []).map((u) => ({ kind: 'unit' as const, id: u.id, name: u.name })),
      ...(members.data ?? []).map((m) => ({ kind: 'user' as const, id: m.userId, name: m.name || m.email })),
    ],
    [units.data, members.data],
  )

  if (journey.error) return <ErrorNotice error={journey.error} onRetry={journey.reload} />
  if (!draft || !saved) return <div className="muted">{t('app.loading')}</div>

  const update = (next: Draft) => {
    setDraft(next)
    setDirty(true)
    setStatus(null)
  }
  const selectedTp = draft.stages.flatMap((s) => s.touchpoints).find((tp) => tp.uid === selected)

  const save = async () => {
    setSaving(true)
    setStatus(null)
    try {
      const result = await journeysApi.save(workspaceId, journeyId, documentOf(draft))
      // Keep the selection on the same touchpoint: its place is the same after the save.
      const place = selected ? placeOf(draft, selected) : undefined
      const next = draftOf(result)
      setSaved(result)
      setDraft(next)
      setDirty(false)
      setSelected(place ? next.stages[place.stage]?.touchpoints[place.index]?.uid : undefined)
      setStatus({ kind: 'saved', text: t('journeys.saved') })
    } catch (error) {
      setStatus({ kind: 'error', text: formErrorText(error, t) })
    } finally {
      setSaving(false)
    }
  }

  const remove = async () => {
    if (!globalThis.confirm(t('journeys.confirmDeleteJourney', { name: saved.name }))) return
    try {
      await journeysApi.remove(workspaceId, journeyId)
      await navigate(`/w/${encodeURIComponent(workspaceId)}/journeys`)
    } catch (error) {
      setStatus({ kind: 'error', text: formErrorText(error, t) })
    }
  }

  const attach = async (tp: DraftTouchpoint, surveyId: string) => {
    if (!tp.key) return
    const survey = await surveysApi.update(workspaceId, surveyId, { touchpoint: tp.key })
    // The survey now belongs here (and to no other touchpoint): shown at once, kept on the next save.
    setDraft((d) => {
      if (!d) return d
      const moved = {
        ...d,
        stages: d.stages.map((s) => ({
          ...s,
          touchpoints: s.touchpoints.map((x) => ({
            ...x,
            surveys: x.surveys.filter((y) => y.id !== survey.id),
          })),
        })),
      }
      return changeTouchpoint(moved, tp.uid, {
        surveys: [
          ...tp.surveys.filter((y) => y.id !== survey.id),
          { id: survey.id, name: survey.name, status: survey.status },
        ],
      })
    })
    surveys.reload()
  }

  const onDrop = (e: DragEvent, stageUid: string, index: number) => {
    const uid = e.dataTransfer.getData(dragType)
    if (!uid) return
    e.preventDefault()
    e.stopPropagation()
    update(placeTouchpoint(draft, uid, stageUid, index))
  }
  const allowDrop = (e: DragEvent) => {
    if (e.dataTransfer.types.includes(dragType)) e.preventDefault()
  }

  return (
    <div className="page journey-page">
      <JourneyHeader workspaceId={workspaceId} journeyId={journeyId} name={saved.name} window={window} />
      <div className="journey-editor-bar">
        <label className="field">
          <span className="field-label">{t('journeys.journeyName')}</span>
          <input
            className="input"
            value={draft.name}
            maxLength={200}
            onChange={(e) => update({ ...draft, name: e.target.value })}
            data-testid="journey-name"
          />
        </label>
        <label className="field journey-grow">
          <span className="field-label">{t('journeys.description')}</span>
          <input
            className="input"
            value={draft.description}
            maxLength={2000}
            onChange={(e) => update({ ...draft, description: e.target.value })}
            data-testid="journey-description"
          />
        </label>
        <div className="journey-save">
          <button
            type="button"
            className="button button-primary"
            disabled={saving || !dirty}
            onClick={() => void save()}
            data-testid="journey-save"
          >
            {saving ? t('journeys.saving') : t('journeys.save')}
          </button>
          <span
            role="status"
            className={status?.kind === 'error' ? 'journey-worse' : 'muted'}
            data-testid="journey-save-status"
          >
            {status?.text ?? (dirty ? t('journeys.unsaved') : '')}
          </span>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void remove()}
            data-testid="journey-delete"
          >
            {t('journeys.deleteJourney')}
          </button>
        </div>
      </div>
      <p className="muted small">{t('journeys.editorHint')}</p>
      <form
        className="journey-inline journey-add-stage"
        onSubmit={(e) => {
          e.preventDefault()
          if (!newStage.trim()) return
          update(addStage(draft, newStage.trim()))
          setNewStage('')
        }}
      >
        <label className="visually-hidden" htmlFor="journey-new-stage">
          {t('journeys.newStageName')}
        </label>
        <input
          id="journey-new-stage"
          className="input"
          placeholder={t('journeys.newStageName')}
          value={newStage}
          maxLength={200}
          onChange={(e) => setNewStage(e.target.value)}
          data-testid="journey-new-stage"
        />
        <button
          type="submit"
          className="button button-secondary"
          data-testid="journey-add-stage"
          disabled={draft.stages.length >= 30}
        >
          {t('journeys.addStage')}
        </button>
      </form>
      <div className="journey-editor">
        <div className="journey-board journey-board-edit" data-testid="journey-editor-board">
          {draft.stages.map((stage, si) => (
            <section
              key={stage.uid}
              className="journey-stage"
              aria-label={stage.name || t('journeys.stageN', { n: si + 1 })}
              data-testid="editor-stage"
              onDragOver={allowDrop}
              onDrop={(e) => onDrop(e, stage.uid, stage.touchpoints.length)}
            >
              <label className="visually-hidden" htmlFor={`stage-name-${stage.uid}`}>
                {t('journeys.stageName', { n: si + 1 })}
              </label>
              <input
                id={`stage-name-${stage.uid}`}
                className="input journey-stage-input"
                value={stage.name}
                maxLength={200}
                onChange={(e) => update(changeStage(draft, stage.uid, { name: e.target.value }))}
                data-testid="stage-name"
              />
              <div className="journey-tools">
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={t('journeys.moveStageEarlier', { name: stage.name })}
                  disabled={si === 0}
                  onClick={() => update(moveStage(draft, stage.uid, -1))}
                  data-testid="stage-earlier"
                >
                  ←
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={t('journeys.moveStageLater', { name: stage.name })}
                  disabled={si === draft.stages.length - 1}
                  onClick={() => update(moveStage(draft, stage.uid, 1))}
                  data-testid="stage-later"
                >
                  →
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  aria-label={t('journeys.removeStage', { name: stage.name })}
                  onClick={() => {
                    if (globalThis.confirm(t('journeys.confirmRemoveStage', { name: stage.name })))
                      update(removeStage(draft, stage.uid))
                  }}
                  data-testid="stage-remove"
                >
                  ✕
                </button>
              </div>
              <ul className="journey-edit-list">
                {stage.touchpoints.map((tp, ti) => (
                  <li
                    key={tp.uid}
                    className={`journey-card journey-edit-card${tp.uid === selected ? ' selected' : ''}`}
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer.setData(dragType, tp.uid)
                      e.dataTransfer.effectAllowed = 'move'
                    }}
                    onDragOver={allowDrop}
                    onDrop={(e) => onDrop(e, stage.uid, ti)}
                    data-testid="editor-touchpoint"
                  >
                    <button
                      type="button"
                      className="journey-card-select"
                      aria-pressed={tp.uid === selected}
                      onClick={() => setSelected(tp.uid)}
                      onKeyDown={(e) => {
                        const direction = (
                          {
                            ArrowUp: 'up',
                            ArrowDown: 'down',
                            ArrowLeft: 'left',
                            ArrowRight: 'right',
                          } as const
                        )[e.key as 'ArrowUp']
                        if (!direction || !e.altKey) return
                        e.preventDefault()
                        update(moveTouchpoint(draft, tp.uid, direction))
                      }}
                      data-testid="editor-touchpoint-select"
                    >
                      <strong>{tp.name || '—'}</strong>
                      <span className="muted small">
                        {[tp.channel, tp.eventTypes.join(', ')].filter(Boolean).join(' · ')}
                      </span>
                    </button>
                    <div className="journey-tools">
                      {(
                        [
                          ['up', '↑', ti === 0],
                          ['down', '↓', ti === stage.touchpoints.length - 1],
                          ['left', '←', si === 0],
                          ['right', '→', si === draft.stages.length - 1],
                        ] as const
                      ).map(([direction, arrow, disabled]) => (
                        <button
                          key={direction}
                          type="button"
                          className="button button-secondary"
                          aria-label={t(`journeys.move.${direction}`, { name: tp.name })}
                          disabled={disabled}
                          onClick={() => update(moveTouchpoint(draft, tp.uid, direction))}
                          data-testid={`tp-move-${direction}`}
                        >
                          {arrow}
                        </button>
                      ))}
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-label={t('journeys.removeTouchpoint', { name: tp.name })}
                        onClick={() => {
                          if (selected === tp.uid) setSelected(undefined)
                          update(removeTouchpoint(draft, tp.uid))
                        }}
                        data-testid="tp-remove"
                      >
                        ✕
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="button button-secondary"
                disabled={stage.touchpoints.length >= 100}
                onClick={() => {
                  const tp = newTouchpoint(t('journeys.newTouchpoint'))
                  update(addTouchpoint(draft, stage.uid, tp))
                  setSelected(tp.uid)
                }}
                data-testid="stage-add-touchpoint"
              >
                {t('journeys.addTouchpoint')}
              </button>
            </section>
          ))}
          {draft.stages.length === 0 && <p className="muted">{t('journeys.noStagesYet')}</p>}
        </div>
        {selectedTp ? (
          <TouchpointForm
            key={selectedTp.uid}
            touchpoint={selectedTp}
            owners={owners}
            surveys={(surveys.data?.items ?? []).map((s) => ({
              id: s.id,
              name: s.name,
              touchpoint: s.touchpoint,
            }))}
            onChange={(change) => update(changeTouchpoint(draft, selectedTp.uid, change))}
            onAttach={(surveyId) => attach(selectedTp, surveyId)}
          />
        ) : (
          <p className="muted journey-form-empty">{t('journeys.selectTouchpoint')}</p>
        )}
      </div>
    </div>
  )
}
