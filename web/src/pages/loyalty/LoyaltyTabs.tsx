import { useTranslation } from 'react-i18next'
import { NavLink, useParams } from 'react-router'
import './loyalty.css'

const tabs = [
  { to: '', key: 'health', end: true },
  { to: 'members', key: 'members', end: false },
  { to: 'thanks', key: 'thanks', end: true },
  { to: 'settings', key: 'settings', end: true },
] as const

/** The loyalty section's title and its tabs: health, members (and their ledgers), thank-you queue, settings. */
export function LoyaltyTabs() {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const base = `/w/${encodeURIComponent(workspaceId)}/loyalty`
  return (
    <>
      <div className="page-header">
        <div>
          <h1 className="page-title">{t('loyalty.title')}</h1>
          <div className="muted">{t('loyalty.intro')}</div>
        </div>
      </div>
      <nav className="loyalty-tabs" aria-label={t('loyalty.title')}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.key}
            to={tab.to ? `${base}/${tab.to}` : base}
            end={tab.end}
            className={({ isActive }) => `loyalty-tab${isActive ? ' active' : ''}`}
            data-testid={`loyalty-tab-${tab.key}`}
          >
            {t(`loyalty.tabs.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
    </>
  )
}
