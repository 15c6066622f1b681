import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, NavLink } from 'react-router'
import { documentUrl, fileName, type JourneyWindow, journeyPagePath, mermaidUrl } from './journeys-api.js'
import './journeys.css'

const tabs = [
  { page: 'map', key: 'map' },
  { page: 'paths', key: 'paths' },
  { page: 'edit', key: 'edit' },
] as const

/** A journey's title, its tabs (map, paths, editor) and its exports (JSON, Mermaid); `children` adds actions. */
export function JourneyHeader({
  workspaceId,
  journeyId,
  name,
  window,
  children,
}: {
  workspaceId: string
  journeyId: string
  name: string
  window: JourneyWindow
  children?: ReactNode
}) {
  const { t } = useTranslation()
  const search = new URLSearchParams()
  if (window.from) search.set('from', window.from)
  if (window.to) search.set('to', window.to)
  const suffix = search.size > 0 ? `?${search}` : ''
  return (
    <>
      <div className="page-header">
        <div>
          <Link className="back-link no-print" to={`/w/${encodeURIComponent(workspaceId)}/journeys`}>
            ← {t('journeys.title')}
          </Link>
          <h1 className="page-title" data-testid="journey-title">
            {name}
          </h1>
        </div>
        <div className="page-header-spacer" />
        <div className="journey-actions no-print">
          {children}
          <a
            className="button button-secondary"
            href={documentUrl(workspaceId, journeyId)}
            download={fileName(name, 'json')}
            data-testid="journey-export-json"
          >
            {t('journeys.exportJson')}
          </a>
          <a
            className="button button-secondary"
            href={mermaidUrl(workspaceId, journeyId, window)}
            download={fileName(name, 'mmd')}
            data-testid="journey-export-mermaid"
          >
            {t('journeys.exportMermaid')}
          </a>
        </div>
      </div>
      <nav className="journey-tabs no-print" aria-label={name}>
        {tabs.map((tab) => (
          <NavLink
            key={tab.key}
            to={`${journeyPagePath(workspaceId, journeyId, tab.page)}${suffix}`}
            end
            className={({ isActive }) => `journey-tab${isActive ? ' active' : ''}`}
            data-testid={`journey-tab-${tab.key}`}
          >
            {t(`journeys.tabs.${tab.key}`)}
          </NavLink>
        ))}
      </nav>
    </>
  )
}

/** The window every number of the page covers: two optional local dates, both included; empty: all time. */
export function JourneyWindowPicker({
  window,
  onChange,
}: {
  window: JourneyWindow
  onChange: (w: JourneyWindow) => void
}) {
  const { t } = useTranslation()
  return (
    <div className="journey-window no-print">
      <label className="field-label-inline">
        {t('journeys.from')}
        <input
          className="input"
          type="date"
          value={window.from ?? ''}
          max={window.to}
          data-testid="journey-from"
          onChange={(e) => onChange({ ...window, from: e.target.value || undefined })}
        />
      </label>
      <label className="field-label-inline">
        {t('journeys.to')}
        <input
          className="input"
          type="date"
          value={window.to ?? ''}
          min={window.from}
          data-testid="journey-to"
          onChange={(e) => onChange({ ...window, to: e.target.value || undefined })}
        />
      </label>
    </div>
  )
}
