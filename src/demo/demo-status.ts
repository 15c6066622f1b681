import { z } from 'zod'

export const demoStatusSchema = z.object({
  /** True while the demo data of this workspace is being loaded by this server. */
  loading: z.boolean(),
  /** What the loader is doing: generating, customers, orders, events, surveys, …; null when idle. */
  step: z.string().nullable(),
  startedAt: z.string().nullable(),
})
export type DemoStatus = z.infer<typeof demoStatusSchema>

// Kept in the process that loads: the demo is loaded by the server that ran setup, in the background.
const loading = new Map<string, { step: string; startedAt: Date }>()

/** Marks a workspace's demo as loading at `step` (or done, with null). */
export function setDemoStep(workspaceId: string, step: string | null): void {
  if (step === null) loading.delete(workspaceId)
  else loading.set(workspaceId, { step, startedAt: loading.get(workspaceId)?.startedAt ?? new Date() })
}

export function getDemoStatus(workspaceId: string): DemoStatus {
  const now = loading.get(workspaceId)
  return {
    loading: now !== undefined,
    step: now?.step ?? null,
    startedAt: now?.startedAt.toISOString() ?? null,
  }
}
