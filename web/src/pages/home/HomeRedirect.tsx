import { useTranslation } from 'react-i18next'
import { Navigate, useLocation } from 'react-router'
import { useMe, useSession } from '../../session.js'

/** The page the login redirect remembered, if it is a dashboard page. */
function returnPath(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('from' in state)) return null
  return typeof state.from === 'string' && state.from.startsWith('/w/') ? state.from : null
}

/** Sends a signed-in user back to where the login began, else to their first workspace. */
export function HomeRedirect() {
  const { t } = useTranslation()
  const me = useMe()
  const { signOut } = useSession()
  const location = useLocation()
  const from = returnPath(location.state)
  if (from) return <Navigate to={from} replace />
  const first = me.workspaces[0]
  if (first) return <Navigate to={`/w/${first.id}/customers`} replace />
  return (
    <div className="page-center">
      <div className="card auth-card">
        <p>{t('errors.noWorkspace')}</p>
        <button type="button" className="button button-secondary" onClick={() => void signOut()}>
          {t('topbar.logout')}
        </button>
      </div>
    </div>
  )
}
