import { z } from 'zod'

/** The languages whose comments are read for themes and sentiment. */
export const themeLanguages = ['en', 'uk', 'ru', 'pl', 'lv'] as const
export const themeLanguageSchema = z.enum(themeLanguages)
export type ThemeLanguage = z.infer<typeof themeLanguageSchema>

export function isThemeLanguage(value: string): value is ThemeLanguage {
  return (themeLanguages as readonly string[]).includes(value)
}
