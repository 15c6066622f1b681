import { Suspense, useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Outlet, useLocation, useParams } from 'react-router'
import { useMe } from '../session.js'
import { DemoLoading } from './DemoLoading.js'
import { useFocusableTables } from './focusable-tables.js'
import { Sidebar } from './Sidebar.js'
import { TopBar } from './TopBar.js'

/** The signed-in frame: navigation on the left (a drawer on phones), top bar, and the page. */
export function Shell() {
  const { t } = useTranslation()
  const me = useMe()
  const { workspaceId = '' } = useParams()
  const workspace = me.workspaces.find((w) => w.id === workspaceId)
  const location = useLocation()
  const [navOpen, setNavOpen] = useState(false)
  // A new key remounts the page, which loads its data again (after the demo data has arrived).
  const [pageKey, setPageKey] = useState(0)
  const refresh = useCallback(() => setPageKey((k) => k + 1), [])
  const mainRef = useRef<HTMLElement>(null)
  useFocusableTables(mainRef)

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is the effect of a navigation.
  useEffect(() => setNavOpen(false), [location.pathname])
  useEffect(() => {
    if (!navOpen) return
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setNavOpen(false)
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [navOpen])

  return (
    <div className={`shell${navOpen ? ' nav-open' : ''}`} data-testid="dashboard">
      <Sidebar workspaceId={workspaceId} />
      {navOpen && (
        <button
          type="button"
          className="nav-scrim"
          aria-label={t('nav.close')}
          onClick={() => setNavOpen(false)}
        />
      )}
      <div className="shell-main">
        <TopBar
          workspaceId={workspaceId}
          menu={
            <button
              type="button"
              className="nav-toggle"
              aria-expanded={navOpen}
              aria-controls="main-navigation"
              aria-label={navOpen ? t('nav.close') : t('nav.open')}
              data-testid="nav-toggle"
              onClick={() => setNavOpen((open) => !open)}
            >
              <span aria-hidden="true">☰</span>
            </button>
          }
        />
        <main className="content" id="main" ref={mainRef}>
          {workspace && <DemoLoading workspaceId={workspaceId} onReady={refresh} />}
          {workspace ? (
            <Suspense fallback={<div className="page-loading">{t('app.loading')}</div>}>
              <div key={pageKey} className="page-frame">
                <Outlet />
              </div>
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
