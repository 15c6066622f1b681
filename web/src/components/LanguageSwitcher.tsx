import { useTranslation } from 'react-i18next'
import { changeLanguage, isLanguage, languages } from '../i18n/index.js'

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation()
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{t('topbar.language')}</span>
      <select
        className="select"
        value={i18n.resolvedLanguage ?? 'en'}
        onChange={(e) => {
          if (isLanguage(e.target.value)) changeLanguage(e.target.value)
        }}
        data-testid="language-switcher"
      >
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  )
}
