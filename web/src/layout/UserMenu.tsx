import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useMe, useSession } from '../session.js'

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  return parts
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('')
}

export function UserMenu() {
  const { t } = useTranslation()
  const me = useMe()
  const { signOut } = useSession()
  const { workspaceId } = useParams()
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) {
        setOpen(false)
      }
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])

  // Signing out switches the routes to the login page, which returns here after signing in again.
  const logOut = async () => {
    setOpen(false)
    await signOut()
  }

  return (
    <div className="user-menu" ref={ref}>
      <button
        type="button"
        className="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <span className="avatar" aria-hidden="true">
          {initials(me.user.name || me.user.email)}
        </span>
        <span className="user-name">{me.user.name}</span>
        {/* Named by its content, not aria-label, so that the visible name is part of it (speech input). */}
        <span className="visually-hidden"> ({t('topbar.account')})</span>
      </button>
      {open && (
        <div className="menu" role="menu">
          <div className="menu-header">
            <div className="muted small">{t('topbar.signedInAs')}</div>
            <div className="menu-email">{me.user.email}</div>
          </div>
          {workspaceId && (
            <Link
              role="menuitem"
              className="menu-item"
              to={`/w/${workspaceId}/settings`}
              onClick={() => setOpen(false)}
              data-testid="menu-settings"
            >
              {t('topbar.settings')}
            </Link>
          )}
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => void logOut()}
            data-testid="logout"
          >
            {t('topbar.logout')}
          </button>
        </div>
      )}
    </div>
  )
}
