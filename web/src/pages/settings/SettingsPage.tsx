import { useTranslation } from 'react-i18next'
import { Navigate, NavLink, useParams } from 'react-router'
import { useMe } from '../../session.js'
import { ApiKeysSection } from './ApiKeysSection.js'
import { AuditSection } from './AuditSection.js'
import { EmailSection } from './EmailSection.js'
import { OrgUnitsSection } from './OrgUnitsSection.js'
import { PeopleSection } from './PeopleSection.js'
import { ShopsSection } from './ShopsSection.js'
import { WorkspaceSection } from './WorkspaceSection.js'
import { WorkspacesSection } from './WorkspacesSection.js'
import './settings.css'

const sections = {
  workspace: WorkspaceSection,
  people: PeopleSection,
  'org-units': OrgUnitsSection,
  'api-keys': ApiKeysSection,
  shops: ShopsSection,
  email: EmailSection,
  audit: AuditSection,
  workspaces: WorkspacesSection,
} as const
type Section = keyof typeof sections

const labelKey = {
  workspace: 'settings.sections.workspace',
  people: 'settings.sections.people',
  'org-units': 'settings.sections.orgUnits',
  'api-keys': 'settings.sections.apiKeys',
  shops: 'settings.sections.shops',
  email: 'settings.sections.email',
  audit: 'settings.sections.audit',
  workspaces: 'settings.sections.workspaces',
} as const

const isSection = (s: string | undefined): s is Section => s !== undefined && Object.hasOwn(sections, s)

/** Settings for owners and admins: one section at a time, picked from the list at the side. */
export function SettingsPage() {
  const { t } = useTranslation()
  const { workspaceId = '', section } = useParams()
  const me = useMe()
  const membership = me.workspaces.find((w) => w.id === workspaceId)
  if (!isSection(section)) return <Navigate to={`/w/${workspaceId}/settings/workspace`} replace />
  const manager = membership?.role === 'owner' || membership?.role === 'admin'
  const Current = sections[section]
  return (
    <div className="page settings-page">
      <div className="page-header">
        <h1 className="page-title">{t('settings.title')}</h1>
      </div>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label={t('settings.title')}>
          {(Object.keys(sections) as Section[]).map((s) => (
            <NavLink
              key={s}
              to={`/w/${workspaceId}/settings/${s}`}
              className={({ isActive }) => `settings-nav-link${isActive ? ' active' : ''}`}
              data-testid={`settings-${s}`}
            >
              {t(labelKey[s])}
            </NavLink>
          ))}
        </nav>
        <section className="settings-content" aria-label={t(labelKey[section])}>
          {manager || section === 'workspaces' ? (
            <Current workspaceId={workspaceId} wholeWorkspace={membership?.orgUnitId === null} />
          ) : (
            <div className="card empty-state" data-testid="settings-not-allowed">
              <p>{t('settings.notAllowed')}</p>
            </div>
          )}
        </section>
      </div>
    </div>
  )
}

/** What every settings section is given. */
export interface SectionProps {
  workspaceId: string
  /** Whether the user acts on the whole workspace (not limited to an org unit). */
  wholeWorkspace: boolean
}
