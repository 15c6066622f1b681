import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en, type Messages } from './en.js'
import { lv } from './lv.js'
import { pl } from './pl.js'
import { ru } from './ru.js'
import { uk } from './uk.js'

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Messages }
  }
}

/** The dashboard's languages, each named in itself. */
export const languages = [
  { code: 'en', name: 'English' },
  { code: 'uk', name: 'Українська' },
  { code: 'ru', name: 'Русский' },
  { code: 'pl', name: 'Polski' },
  { code: 'lv', name: 'Latviešu' },
] as const

export type LanguageCode = (typeof languages)[number]['code']

const storageKey = 'rapport.language'

export function isLanguage(code: string | null | undefined): code is LanguageCode {
  return languages.some((l) => l.code === code)
}

function initialLanguage(): LanguageCode {
  const stored = localStorage.getItem(storageKey)
  if (isLanguage(stored)) return stored
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = tag.slice(0, 2).toLowerCase()
    if (isLanguage(code)) return code
  }
  return 'en'
}

/** Switches the interface language and remembers the choice in this browser. */
export function changeLanguage(code: LanguageCode): void {
  localStorage.setItem(storageKey, code)
  void i18n.changeLanguage(code)
}

i18n.on('languageChanged', (code) => {
  document.documentElement.lang = code
})

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    uk: { translation: uk },
    ru: { translation: ru },
    pl: { translation: pl },
    lv: { translation: lv },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
})

export { i18n }
