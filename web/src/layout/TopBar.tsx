import type { ReactNode } from 'react'
import { LanguageSwitcher } from '../components/LanguageSwitcher.js'
import { UserMenu } from './UserMenu.js'
import { WorkspaceSwitcher } from './WorkspaceSwitcher.js'

/** The bar above the page; `menu` is the button that opens the navigation on a phone. */
export function TopBar({ workspaceId, menu }: { workspaceId: string; menu?: ReactNode }) {
  return (
    <header className="topbar">
      {menu}
      <WorkspaceSwitcher workspaceId={workspaceId} />
      <div className="topbar-spacer" />
      <LanguageSwitcher />
      <UserMenu />
    </header>
  )
}
