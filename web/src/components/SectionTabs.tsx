import { useTranslation } from 'react-i18next'
import { NavLink, useParams } from 'react-router'
import './section-tabs.css'

export interface SectionTab {
  /** The path below the section's own; '' is the section's first page. */
  to: string
  key: string
  /** Whether the tab is active only on its own page, not on the pages below it. */
  end: boolean
  label: string
}

/** A section's title, its introduction and the tabs between its pages (with their own styles). */
export function SectionTabs({
  name,
  path,
  tabs,
}: {
  /** Names the section's texts (`${name}.title`, `${name}.intro`) and its tabs' test ids. */
  name: 'loyalty' | 'understanding'
  /** The section's path under the workspace, e.g. 'loyalty'. */
  path: string
  tabs: readonly SectionTab[]
}) {
  const { t } = useTranslation()
  const title = t(`${name}.title`)
  const { workspaceId = '' } = useParams()
  const base = `/w/${encodeURIComponent(workspaceId)}/${path}`
  return (
    <>
      <div className="page-header">
        <div>
          <h1 className="page-title">{title}</h1>
          <div className="muted">{t(`${name}.intro`)}</div>
        </div>
      </div>
      <nav className="section-tabs" aria-label={title}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.key}
            to={tab.to ? `${base}/${tab.to}` : base}
            end={tab.end}
            className={({ isActive }) => `section-tab${isActive ? ' active' : ''}`}
            data-testid={`${name}-tab-${tab.key}`}
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
    </>
  )
}
