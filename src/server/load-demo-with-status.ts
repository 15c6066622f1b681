import type { Db } from '../db/db.js'
import { yieldingDb } from '../db/yielding-db.js'
import { setDemoStep } from '../demo/demo-status.js'
import { loadDemo } from '../demo/load-demo.js'

/**
 * Loads the demo after setup, telling the log and the dashboard (demo-status) what it is doing. The server keeps
 * answering meanwhile: the pages show each step's data as it lands, and the order analyses run on their timer.
 */
export async function loadDemoWithStatus(db: Db, workspaceId: string): Promise<void> {
  const started = Date.now()
  const step = (name: string) => {
    setDemoStep(workspaceId, name)
    console.log(`demo data: ${name}…`)
  }
  try {
    await loadDemo(yieldingDb(db), workspaceId, { onStep: step })
    console.log(`demo data: ready in ${Math.round((Date.now() - started) / 1000)} s`)
  } finally {
    setDemoStep(workspaceId, null)
  }
}
