import { parentPort } from 'node:worker_threads'
import { analyseComment } from './analyse-comment.js'
import { BatchPacker } from './analysed-batch.js'
import type { ThemeLanguage } from './languages.js'

// A worker thread of the comment analyser (analyse-pool.ts): analyses the batches it is sent, in order, and sends
// them back packed (analysed-batch.ts).
const packer = new BatchPacker()
parentPort?.on('message', (batch: { id: number; texts: string[]; hints: ThemeLanguage[] }) => {
  const out = batch.texts.map((text, i) => analyseComment(text, batch.hints[i] ?? 'en'))
  const packed = packer.pack(out)
  parentPort?.postMessage({ id: batch.id, out: packed.batch }, packed.transfer)
})
