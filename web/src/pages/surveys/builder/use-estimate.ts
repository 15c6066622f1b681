import { useEffect, useState } from 'react'
import { type Definition, type Estimate, surveysApi } from '../surveys-api.js'

/** The server's estimate (time to answer, or what is invalid) of a definition, 300 ms after it last changed. */
export function useEstimate(workspaceId: string, definition: Definition): Estimate | null {
  const [estimate, setEstimate] = useState<Estimate | null>(null)
  useEffect(() => {
    const timer = setTimeout(() => {
      surveysApi.estimate(workspaceId, definition).then(setEstimate, () => undefined)
    }, 300)
    return () => clearTimeout(timer)
  }, [workspaceId, definition])
  return estimate
}
