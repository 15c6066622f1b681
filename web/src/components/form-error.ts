import type { TFunction } from 'i18next'
import { ApiError } from '../api.js'

/** The words to show under a form for a failed submit. */
export function formErrorText(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.generic', { message: String(error) })
  if (error.code === 'invalid_credentials') return t('login.invalidCredentials')
  if (error.status === 0) return t('errors.network')
  if (error.code === 'rate_limited') return t('errors.rateLimited', { minutes: minutesToWait(error.details) })
  return error.message
}

function minutesToWait(details: unknown): number {
  const seconds =
    details && typeof details === 'object' && 'retryAfterSeconds' in details
      ? Number(details.retryAfterSeconds)
      : 60
  return Math.max(1, Math.ceil(seconds / 60))
}
