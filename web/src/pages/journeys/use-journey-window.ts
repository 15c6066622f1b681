import { useSearchParams } from 'react-router'
import type { JourneyWindow } from './journeys-api.js'

/** The window of the journey pages, kept in the address (from, to); open at either end by default: all time. */
export function useJourneyWindow(): [JourneyWindow, (w: JourneyWindow) => void] {
  const [params, setParams] = useSearchParams()
  const window: JourneyWindow = {
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
  }
  const set = (w: JourneyWindow) => {
    const next = new URLSearchParams(params)
    for (const key of ['from', 'to'] as const) {
      const value = w[key]
      if (value) next.set(key, value)
      else next.delete(key)
    }
    setParams(next)
  }
  return [window, set]
}
