import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { ApiError, api, setCsrfToken } from './api.js'
import type { Me } from './api-types.js'

export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'needs-setup' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: Me }

interface Session {
  state: SessionState
  /** Starts a session from the Me that setup or login answered. */
  signIn(me: Me): void
  /** Ends the session on the server and in the browser. */
  signOut(): Promise<void>
  /** Forgets a session the server no longer accepts (a 401 from any call). */
  expire(): void
  retry(): void
}

const SessionContext = createContext<Session | null>(null)

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError(0, 'unexpected', error instanceof Error ? error.message : String(error))
}

async function loadSession(): Promise<SessionState> {
  const { needsSetup } = await api.getSetupState()
  if (needsSetup) return { status: 'needs-setup' }
  try {
    return { status: 'signed-in', me: await api.getMe() }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 'anonymous' }
    throw error
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  // Each change of session bumps the generation, so that a slow load cannot undo a later sign-in.
  const generation = useRef(0)

  const apply = useCallback((next: SessionState) => {
    generation.current += 1
    setCsrfToken(next.status === 'signed-in' ? next.me.csrfToken : null)
    setState(next)
  }, [])

  const retry = useCallback(() => {
    const mine = ++generation.current
    setState({ status: 'loading' })
    loadSession().then(
      (next) => {
        if (mine === generation.current) apply(next)
      },
      (error: unknown) => {
        if (mine === generation.current) setState({ status: 'error', error: asApiError(error) })
      },
    )
  }, [apply])

  useEffect(() => retry(), [retry])

  const signIn = useCallback((me: Me) => apply({ status: 'signed-in', me }), [apply])
  const expire = useCallback(() => apply({ status: 'anonymous' }), [apply])

  const signOut = useCallback(async () => {
    try {
      await api.logout()
    } finally {
      expire()
    }
  }, [expire])

  const session = useMemo(
    () => ({ state, signIn, signOut, expire, retry }),
    [state, signIn, signOut, expire, retry],
  )
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}

/** The signed-in user; only for components rendered behind the signed-in routes. */
export function useMe(): Me {
  const { state } = useSession()
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in session')
  return state.me
}
