import { useReducer } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { BuilderHeader } from './builder/BuilderHeader.js'
import { EstimateCard } from './builder/EstimateCard.js'
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

  const save = async () => {
    dispatch({ type: 'saveStarted' })
    try {
      const changes = { ...draft.settings, definition: draft.definition }
      dispatch({ type: 'saved', survey: await surveysApi.update(workspaceId, draft.survey.id, changes) })
    } catch (e) {
      dispatch({ type: 'saveFailed', error: toApiError(e) })
    }
  }

  return (
    <div className="page">
      <BuilderHeader workspaceId={workspaceId} survey={draft.survey} saving={draft.saving} onSave={save} />
      {draft.error && <ErrorNotice error={draft.error} />}
      {draft.saves > 0 && !draft.error && (
        <div className="notice" data-testid="builder-saved">
          {t('surveys.builder.saved', { version: draft.survey.currentVersion })}
        </div>
      )}
      <div className="builder-layout">
        <div className="builder-main">
          <SettingsCard settings={draft.settings} definition={draft.definition} dispatch={dispatch} />
          <EstimateCard estimate={estimate} />
          <QuestionList definition={draft.definition} language={draft.language} dispatch={dispatch} />
          <JsonEditor json={draft.json} problem={draft.jsonError} dispatch={dispatch} />
        </div>
        <SidePanel workspaceId={workspaceId} survey={draft.survey} saves={draft.saves} />
      </div>
    </div>
  )
}
