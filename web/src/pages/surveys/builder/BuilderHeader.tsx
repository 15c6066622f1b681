import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Survey } from '../surveys-api.js'

/** The way back, the saved survey's name and version, its responses, archive or restore, and the save button. */
export function BuilderHeader({
  workspaceId,
  survey,
  saving,
  onSave,
  onArchive,
}: {
  workspaceId: string
  survey: Survey
  saving: boolean
  onSave: () => void
  /** Archives (true) or restores (false) the survey. */
  onArchive: (archived: boolean) => void
}) {
  const archived = survey.archivedAt !== null
  const { t } = useTranslation()
  return (
    <div className="page-header builder-header">
      <Link className="back-link" to={`/w/${workspaceId}/surveys`}>
        ← {t('surveys.title')}
      </Link>
      <h1 className="page-title" data-testid="builder-title">
        {survey.name}
      </h1>
      <span className="badge">v{survey.currentVersion}</span>
      {archived && (
        <span className="badge" data-testid="builder-archived">
          {t('surveys.archived')}
        </span>
      )}
      <div className="page-header-spacer" />
      <Link
        className="button button-secondary"
        to={`/w/${workspaceId}/surveys/responses?surveyId=${survey.id}`}
      >
        {t('surveys.responses')}
      </Link>
      <button
        type="button"
        className="button button-secondary"
        onClick={() => onArchive(!archived)}
        disabled={saving}
        data-testid={archived ? 'builder-restore' : 'builder-archive'}
      >
        {archived ? t('surveys.restore') : t('surveys.archive')}
      </button>
      <button
        type="button"
        className="button button-primary"
        onClick={onSave}
        disabled={saving}
        data-testid="builder-save"
      >
        {t('surveys.builder.save')}
      </button>
    </div>
  )
}
