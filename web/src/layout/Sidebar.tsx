import { useTranslation } from 'react-i18next'
import { NavLink } from 'react-router'
import { capabilities } from '../capabilities.js'
import { NavIcon } from './NavIcon.js'

export function Sidebar({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <nav aria-label={t('nav.label')} id="main-navigation">
        <ul className="nav-list">
          {capabilities.map((c) => (
            <li key={c.path}>
              <NavLink
                to={`/w/${workspaceId}/${c.path}`}
                className={({ isActive }) =>
                  `nav-link${isActive ? ' active' : ''}${c.available ? '' : ' soon'}`
                }
                data-testid={`nav-${c.path}`}
              >
                <NavIcon name={c.path} />
                <span>{t(`nav.${c.path}`)}</span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  )
}
