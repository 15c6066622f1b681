import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitcher } from './LanguageSwitcher.js'

/** The frame of the signed-out pages: brand, language, and one card. */
export function AuthLayout({
  title,
  intro,
  children,
}: {
  title: string
  intro?: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <div className="auth-page">
      <div className="auth-top">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <LanguageSwitcher />
      </div>
      <div className="card auth-card">
        <h1 className="auth-title">{title}</h1>
        {intro && <p className="muted">{intro}</p>}
        {children}
      </div>
    </div>
  )
}
