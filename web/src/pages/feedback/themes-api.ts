import type { z } from 'zod'
import type {
  themeEditBody,
  themeRunSchema,
  themeTableSchema,
  verbatimPageSchema,
} from '../../../../src/feedback/themes/theme-schemas.js'
import { query, request } from '../../api.js'

// The comment-theme API as the dashboard reads it, typed from the server's own schemas (type-only imports).

export type ThemeTable = z.output<typeof themeTableSchema>
export type ThemeRow = ThemeTable['themes'][number]
export type VerbatimPage = z.output<typeof verbatimPageSchema>
export type ThemeRun = z.output<typeof themeRunSchema>
export type ThemeEdit = z.input<typeof themeEditBody>

export const commentLanguages = ['en', 'uk', 'ru', 'pl', 'lv'] as const
export type CommentLanguage = (typeof commentLanguages)[number]

export interface ThemeFilter {
  language?: CommentLanguage
  touchpoint?: string
}

const ws = (workspaceId: string) => `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`

export const themesApi = {
  table: (workspaceId: string, f: ThemeFilter, nameLanguage?: CommentLanguage) =>
    request<ThemeTable>('GET', `${ws(workspaceId)}/themes${query({ ...f, nameLanguage })}`),
  verbatims: (
    workspaceId: string,
    key: string,
    f: ThemeFilter & { polarity?: string; limit: number; offset: number },
  ) =>
    request<VerbatimPage>(
      'GET',
      `${ws(workspaceId)}/themes/${encodeURIComponent(key)}/verbatims${query({ ...f })}`,
    ),
  edit: (workspaceId: string, key: string, change: ThemeEdit) =>
    request('PATCH', `${ws(workspaceId)}/themes/${encodeURIComponent(key)}`, change),
  runs: (workspaceId: string) => request<{ items: ThemeRun[] }>('GET', `${ws(workspaceId)}/theme-runs`),
  recompute: (workspaceId: string) => request<ThemeRun>('POST', `${ws(workspaceId)}/theme-runs`),
}

/** The CSV of the theme table as shown, for a plain download link. */
export function themesCsvUrl(workspaceId: string, f: ThemeFilter, nameLanguage?: CommentLanguage): string {
  return `${ws(workspaceId)}/themes.csv${query({ ...f, nameLanguage })}`
}
