import { useMemo, useReducer, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { BuilderHeader } from './builder/BuilderHeader.js'
import { draftIssues, type FieldIssue, slotOf } from './builder/draft-issues.js'
import { EstimateCard } from './builder/EstimateCard.js'
import { issueId, issueText } from './builder/IssueText.js'
import { JsonEditor } from './builder/JsonEditor.js'
import { QuestionList } from './builder/QuestionList.js'
import { SettingsCard } from './builder/SettingsCard.js'
import { SidePanel } from './builder/SidePanel.js'
import { draftReducer, initialDraft } from './builder/survey-draft.js'
import { useEstimate } from './builder/use-estimate.js'
import { type Survey, surveysApi } from './surveys-api.js'
import { toApiError } from './to-api-error.js'

/** The builder: settings, questions and translations, the time estimate, links and a live preview. */
export function SurveyBuilderPage() {
  const { workspaceId = '', surveyId = '' } = useParams()
  const loaded = useApi(`survey:${workspaceId}:${surveyId}`, () => surveysApi.get(workspaceId, surveyId))
  if (loaded.error) return <ErrorNotice error={loaded.error} onRetry={loaded.reload} />
  if (!loaded.data) return null
  return (
    <Builder
      key={`${loaded.data.id}:${loaded.data.currentVersion}`}
      workspaceId={workspaceId}
      initial={loaded.data}
    />
  )
}

function Builder({ workspaceId, initial }: { workspaceId: string; initial: Survey }) {
  const { t } = useTranslation()
  const [draft, dispatch] = useReducer(draftReducer, initial, initialDraft)
  const estimate = useEstimate(workspaceId, draft.definition)
  const [archiving, setArchiving] = useState(false)
  const own = useMemo(
    () => (draft.checked ? draftIssues(draft.settings, draft.definition) : []),
    [draft.checked, draft.settings, draft.definition],
  )
  const issues = own.length > 0 ? own : draft.serverIssues

  const save = async () => {
    const found = draftIssues(draft.settings, draft.definition)
    if (found.length > 0) {
      dispatch({ type: 'checkFailed' })
      focusFirst(found)
      return
    }
    dispatch({ type: 'saveStarted' })
    try {
      const changes = { ...draft.settings, definition: draft.definition }
      dispatch({ type: 'saved', survey: await surveysApi.update(workspaceId, draft.survey.id, changes) })
    } catch (e) {
      dispatch({ type: 'saveFailed', error: toApiError(e) })
    }
  }
  const archive = async (archived: boolean) => {
    setArchiving(true)
    try {
      const survey = await (archived ? surveysApi.archive : surveysApi.restore)(workspaceId, draft.survey.id)
      dispatch({ type: 'archived', survey })
    } catch (e) {
      dispatch({ type: 'saveFailed', error: toApiError(e) })
    } finally {
      setArchiving(false)
    }
  }

  return (
    <div className="page">
      <BuilderHeader
        workspaceId={workspaceId}
        survey={draft.survey}
        saving={draft.saving || archiving}
        onSave={save}
        onArchive={archive}
      />
      {issues.length > 0 ? (
        <IssueSummary issues={issues} />
      ) : (
        draft.error && <ErrorNotice error={draft.error} />
      )}
      {draft.saves > 0 && !draft.error && (
        <div className="notice" data-testid="builder-saved">
          {t('surveys.builder.saved', { version: draft.survey.currentVersion })}
        </div>
      )}
      <div className="builder-layout">
        <div className="builder-main">
          <SettingsCard
            settings={draft.settings}
            definition={draft.definition}
            issues={issues}
            dispatch={dispatch}
          />
          <EstimateCard estimate={estimate} />
          <QuestionList
            definition={draft.definition}
            language={draft.language}
            view={draft.view}
            issues={issues}
            dispatch={dispatch}
          />
          <JsonEditor json={draft.json} problem={draft.jsonError} dispatch={dispatch} />
        </div>
        <SidePanel workspaceId={workspaceId} survey={draft.survey} saves={draft.saves} />
      </div>
    </div>
  )
}

/** Moves the focus to the first field with an issue, so that a keyboard user lands where to fix it. */
function focusFirst(issues: FieldIssue[]) {
  const slot = issues.map((i) => slotOf(i.field)).find((x) => x !== '')
  if (slot === undefined) return
  // The fields are marked after the next render.
  requestAnimationFrame(() => {
    const control = document.querySelector<HTMLElement>(`[aria-describedby="${issueId(slot)}"]`)
    ;(control ?? document.getElementById(issueId(slot)))?.focus()
  })
}

/** How many problems stop the save, and those that no field shows, in words. */
function IssueSummary({ issues }: { issues: FieldIssue[] }) {
  const { t } = useTranslation()
  const unplaced = issues.filter((i) => slotOf(i.field) === '')
  return (
    <div className="notice notice-error" role="alert" data-testid="builder-issues">
      <span>{t('surveys.builder.issuesSummary', { count: issues.length })}</span>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((i) => (
            <li key={`${i.field}:${i.key}`}>
              <span className="mono">{i.field}</span>: {issueText(i, t)}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
