import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { request } from '../api.js'
import type { DemoStatus } from '../api-types.js'

const steps = ['generating', 'customers', 'orders', 'surveys', 'cases', 'events', 'loyalty'] as const

/**
 * While the workspace's demo data loads, says so (and at which step); when a step is done and when all is done,
 * calls `onReady` so that the page shown reloads its data. Polls every two seconds and stops once nothing is
 * loading.
 */
export function DemoLoading({ workspaceId, onReady }: { workspaceId: string; onReady: () => void }) {
  const { t } = useTranslation()
  const [status, setStatus] = useState<DemoStatus | null>(null)
  const [justReady, setJustReady] = useState(false)
  const readyRef = useRef(onReady)
  readyRef.current = onReady

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let wasLoading = false
    let lastStep: string | null = null
    const poll = async () => {
      const next = await request<DemoStatus>(
        'GET',
        `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/demo-status`,
      ).catch(() => null)
      if (stopped) return
      setStatus(next)
      if (next?.loading) {
        // The pages fill in step by step (customers and orders first): the page shown gets each step's data.
        if (wasLoading && next.step !== lastStep) readyRef.current()
        wasLoading = true
        lastStep = next.step
        timer = setTimeout(poll, 2000)
      } else if (wasLoading) {
        setJustReady(true)
        readyRef.current()
      }
    }
    void poll()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [workspaceId])

  if (status?.loading) {
    const step = steps.find((s) => s === status.step) ?? 'generating'
    return (
      <div className="notice demo-loading" role="status" data-testid="demo-loading">
        <span className="spinner" aria-hidden="true" />
        {t('demo.loading', { step: t(`demo.step_${step}`) })}
      </div>
    )
  }
  if (justReady)
    return (
      <div className="notice" role="status" data-testid="demo-ready">
        {t('demo.ready')}
      </div>
    )
  return null
}
