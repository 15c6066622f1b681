import { useSearchParams } from 'react-router'
import type { InsightWindow } from './insights-api.js'

const day = 86_400_000

/** The window of the insights pages, kept in the address (from, to); the last 365 days by default. */
export function useInsightWindow(): [InsightWindow, (w: InsightWindow) => void] {
  const [params, setParams] = useSearchParams()
  const today = new Date().toISOString().slice(0, 10)
  const to = params.get('to') || today
  const from =
    params.get('from') || new Date(Date.parse(`${to}T00:00:00Z`) - 364 * day).toISOString().slice(0, 10)
  const set = (w: InsightWindow) => {
    const next = new URLSearchParams(params)
    next.set('from', w.from)
    next.set('to', w.to)
    setParams(next)
  }
  return [{ from, to }, set]
}
