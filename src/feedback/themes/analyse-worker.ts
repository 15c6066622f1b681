import { parentPort } from 'node:worker_threads'
import { analyseComment } from './analyse-comment.js'
import type { ThemeLanguage } from './languages.js'

// A worker thread of the comment analyser (analyse-pool.ts): analyses the batches it is sent, in order.
parentPort?.on('message', (batch: { id: number; texts: string[]; hints: ThemeLanguage[] }) => {
  const out = batch.texts.map((text, i) => analyseComment(text, batch.hints[i] ?? 'en'))
  parentPort?.postMessage({ id: batch.id, out })
})
