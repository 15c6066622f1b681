import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from './api.js'
import { useSession } from './session.js'

export interface ApiState<T> {
  /** The latest answer; while `loading`, possibly the answer for a previous key. */
  data: T | undefined
  /** Whether `data` answers the current key. */
  fresh: boolean
  loading: boolean
  error: ApiError | undefined
  reload(): void
}

interface Loaded<T> {
  key: string
  data?: T
  error?: ApiError
}

/** Loads from the API whenever `key` changes; a 401 ends the session. */
export function useApi<T>(key: string, load: () => Promise<T>): ApiState<T> {
  const { expire } = useSession()
  const loadRef = useRef(load)
  loadRef.current = load
  const [attempt, setAttempt] = useState(0)
  const [loaded, setLoaded] = useState<Loaded<T> | undefined>()
  const requestKey = `${key}#${attempt}`

  useEffect(() => {
    let cancelled = false
    loadRef.current().then(
      (data) => {
        if (!cancelled) setLoaded({ key: requestKey, data })
      },
      (error: unknown) => {
        if (cancelled) return
        if (error instanceof ApiError && error.status === 401) return expire()
        const apiError =
          error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error), undefined)
        setLoaded((previous) => ({ key: requestKey, data: previous?.data, error: apiError }))
      },
    )
    return () => {
      cancelled = true
    }
  }, [requestKey, expire])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const fresh = loaded?.key === requestKey
  return {
    data: loaded?.data,
    fresh: fresh && !loaded?.error,
    loading: !fresh,
    error: fresh ? loaded?.error : undefined,
    reload,
  }
}
