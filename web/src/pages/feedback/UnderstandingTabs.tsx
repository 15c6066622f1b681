import { useTranslation } from 'react-i18next'
import { NavLink, useParams } from 'react-router'

const tabs = [
  { to: '', key: 'drivers', end: true },
  { to: 'themes', key: 'themes', end: false },
  { to: 'diagnosis', key: 'diagnosis', end: false },
] as const

/** The Understanding section's title and tabs: key drivers, comment themes, each customer's loyalty diagnosis. */
export function UnderstandingTabs() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const base = `/w/${encodeURIComponent(workspaceId)}/feedback`
  return (
    <>
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('understanding.title')}</h1>
          <div className="muted">{t('understanding.intro')}</div>
        </div>
      </div>
      <nav className="loyalty-tabs" aria-label={t('understanding.title')}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.key}
            to={tab.to ? `${base}/${tab.to}` : base}
            end={tab.end}
            className={({ isActive }) => `loyalty-tab${isActive ? ' active' : ''}`}
            data-testid={`understanding-tab-${tab.key}`}
          >
            {t(`understanding.tabs.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
    </>
  )
}
