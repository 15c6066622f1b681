import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useParams } from 'react-router'
import { createFormat, type Format } from './format.js'
import { useSession } from './session.js'

/** The formatters for the page being shown: the reader's language, the workspace's time zone and currency. */
export function useFormat(): Format {
  const { i18n } = useTranslation()
  const { state } = useSession()
  const { workspaceId } = useParams()
  const workspace =
    state.status === 'signed-in' ? state.me.workspaces.find((w) => w.id === workspaceId) : undefined
  const locale = i18n.language
  const timeZone = workspace?.timeZone
  const currency = workspace?.currency ?? null
  return useMemo(() => createFormat({ locale, timeZone, currency }), [locale, timeZone, currency])
}
