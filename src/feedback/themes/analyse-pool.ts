import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type AnalysedComment, analyseComment } from './analyse-comment.js'
import { BatchUnpacker, type PackedBatch } from './analysed-batch.js'
import type { ThemeLanguage } from './languages.js'

/** Analyses batches of comments, on this thread or on worker threads; results keep the input order. */
export interface CommentAnalyser {
  analyse(texts: string[], hints: ThemeLanguage[]): Promise<AnalysedComment[]>
  close(): Promise<void>
}

/** On this thread (small sets, and tests, where worker threads cannot load TypeScript). */
export function inThreadAnalyser(): CommentAnalyser {
  return {
    analyse: async (texts, hints) => texts.map((t, i) => analyseComment(t, hints[i] ?? 'en')),
    close: async () => {},
  }
}

/**
 * On worker threads, one per core (at most `max`): a million comments take the machine's cores instead of one.
 * Batches go to the least busy worker.
 */
export function workerAnalyser(max = 4): CommentAnalyser {
  // From source the worker is the .ts file, which tsx (a dev dependency) loads; built, the .js.
  const fromSource = import.meta.url.endsWith('.ts')
  const file = new URL(`./analyse-worker${fromSource ? '.ts' : '.js'}`, import.meta.url)
  const count = Math.max(1, Math.min(max, availableParallelism()))
  const pending = new Map<
    number,
    { resolve: (out: AnalysedComment[]) => void; reject: (e: unknown) => void }
  >()
  const workers = Array.from({ length: count }, () => {
    // A worker does not wait for --import hooks before loading its entry: from source it registers tsx first.
    const worker = fromSource
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}) })`,
          { eval: true },
        )
      : new Worker(file)
    const slot = { worker, busy: 0 }
    // A worker answers its batches in the order sent, so its phrase table grows in the order unpacked here.
    const unpacker = new BatchUnpacker()
    worker.on('message', (m: { id: number; out: PackedBatch }) => {
      slot.busy--
      const out = unpacker.unpack(m.out)
      pending.get(m.id)?.resolve(out)
      pending.delete(m.id)
    })
    worker.on('error', (error) => {
      for (const p of pending.values()) p.reject(error)
      pending.clear()
    })
    return slot
  })
  let next = 0
  return {
    analyse(texts, hints) {
      const id = next++
      const slot = workers.reduce((a, b) => (b.busy < a.busy ? b : a))
      slot.busy++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        slot.worker.postMessage({ id, texts, hints })
      })
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.worker.terminate()))
    },
  }
}
