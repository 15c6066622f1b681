import { Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { Outlet, useParams } from 'react-router'
import { useMe } from '../session.js'
import { Sidebar } from './Sidebar.js'
import { TopBar } from './TopBar.js'

/** The signed-in frame: navigation on the left, top bar, and the page. */
export function Shell() {
  const { t } = useTranslation()
  const me = useMe()
  const { workspaceId = '' } = useParams()
  const workspace = me.workspaces.find((w) => w.id === workspaceId)

  return (
    <div className="shell" data-testid="dashboard">
      <Sidebar workspaceId={workspaceId} />
      <div className="shell-main">
        <TopBar workspaceId={workspaceId} />
        <main className="content">
          {workspace ? (
            <Suspense fallback={<div className="page-loading">{t('app.loading')}</div>}>
              <Outlet />
            </Suspense>
          ) : (
            <div className="notice notice-error" role="alert" data-testid="workspace-not-found">
              {t('errors.workspaceNotFound')}
            </div>
          )}
        </main>
      </div>
    </div>
  )
}
