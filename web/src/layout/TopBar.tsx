import { LanguageSwitcher } from '../components/LanguageSwitcher.js'
import { UserMenu } from './UserMenu.js'
import { WorkspaceSwitcher } from './WorkspaceSwitcher.js'

export function TopBar({ workspaceId }: { workspaceId: string }) {
  return (
    <header className="topbar">
      <WorkspaceSwitcher workspaceId={workspaceId} />
      <div className="topbar-spacer" />
      <LanguageSwitcher />
      <UserMenu />
    </header>
  )
}
