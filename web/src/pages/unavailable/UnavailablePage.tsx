import { useTranslation } from 'react-i18next'
import { Link, Navigate, useParams } from 'react-router'
import { isCapability } from '../../capabilities.js'

/** The place of a capability that a later version brings: no data, no pretending. */
export function UnavailablePage() {
  const { t } = useTranslation()
  const { workspaceId = '', capability } = useParams()
  if (!isCapability(capability)) return <Navigate to={`/w/${workspaceId}/customers`} replace />
  const name = t(`nav.${capability}`)
  return (
    <div className="page">
      <h1 className="page-title">{name}</h1>
      <div className="card empty-state" data-testid="unavailable">
        <h2>{t('unavailable.title')}</h2>
        <p>{t('unavailable.message', { capability: name })}</p>
        <p className="muted">{t('unavailable.hint')}</p>
        <Link className="button button-secondary" to={`/w/${workspaceId}/customers`}>
          {t('unavailable.back')}
        </Link>
      </div>
    </div>
  )
}
