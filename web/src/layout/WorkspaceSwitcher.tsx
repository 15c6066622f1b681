import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useMe } from '../session.js'

export function WorkspaceSwitcher({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  const me = useMe()
  const navigate = useNavigate()
  const known = me.workspaces.some((w) => w.id === workspaceId)
  return (
    <label className="workspace-switcher">
      <span className="field-label-inline">{t('topbar.workspace')}</span>
      <select
        className="select"
        value={known ? workspaceId : ''}
        onChange={(e) => navigate(`/w/${e.target.value}/customers`)}
        data-testid="workspace-switcher"
      >
        {!known && <option value="" disabled />}
        {me.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
    </label>
  )
}
