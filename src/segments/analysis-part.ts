import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ImportFileError, type ReadImportOptions, type ReadRange } from '../customers/import-file.js'
import type { FoldedRange } from './fold-orders.js'
import type { SegmentSettings } from './segment-settings.js'

/**
 * The orders of one part of a file's customers, as columns. As the reader of the file sends them, `customer`
 * indexes `ids`, in any order; sorted on the part's thread (sortPartOrders), customer number `first + i` has id
 * `ids[i]`, the ids in order, and the orders in customer and day order.
 */
export interface PartOrders {
  /** How many customers the parts before this one have. */
  first: number
  ids: string[]
  customer: Int32Array<ArrayBuffer>
  /** The UTC calendar day, as days since 1970-01-01. */
  day: Int32Array<ArrayBuffer>
  /** Units of 10⁻⁸ while safe integers, else NaN and the exact units as a decimal string in `big`. */
  units: Float64Array<ArrayBuffer>
  big: [order: number, units: string][]
  /** Indexes into orderStatus.options. */
  status: Uint8Array<ArrayBuffer>
}

/** The rows of one part as CSV lines (RFC 4180, without a header), and their analysis date. */
export interface PartRows {
  asOf: string | null
  csv: string
  /** How many customers the lines are (an id may hold a line break, so not the lines). */
  customers: number
}

/** How a range of a file is read: as the reader of the file's start read it. */
export type FoldOptions = Pick<
  ReadImportOptions,
  'columns' | 'dateFormat' | 'delimiter' | 'encoding' | 'maxSize'
>

export type PartRequest =
  | { kind: 'fold'; path: string; range: ReadRange; options: FoldOptions }
  | { kind: 'figures'; part: number; orders: PartOrders; asOf: string | null; settings: SegmentSettings }
  | { kind: 'classify'; counts: string[]; asOf: string | null; settings: SegmentSettings }

export type PartMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'progress'; bytes: number }
  | { kind: 'reply'; ok: true; value: unknown }
  | { kind: 'reply'; ok: false; message: string; importFile: boolean }

/**
 * One part of a file's customers, analysed by the rules in an embedded database of its own, on a thread of its
 * own (analysis-worker.ts): the customers' figures first, then, with the counts of every part, their classes.
 */
export class AnalysisPart {
  /** Settles once the part's database has started. */
  readonly ready: Promise<void>
  private readonly worker: Worker
  private waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void } | null = null
  private started: { resolve: () => void; reject: (error: Error) => void } = {
    resolve: () => {},
    reject: () => {},
  }
  private failure: Error | null = null
  private closing = false
  private onBytes: ((bytes: number) => void) | null = null

  /** @param options.folds the part is to fold a range of the file first, and starts its database after it */
  constructor(cacheDir: string | false | undefined, options: { folds?: boolean } = {}) {
    this.worker = spawn({ cacheDir, folds: options.folds ?? false })
    this.ready = new Promise((resolve, reject) => {
      this.started = { resolve, reject }
    })
    this.ready.catch(() => {})
    this.worker.on('message', (message: PartMessage) => {
      if (message.kind === 'ready') return this.started.resolve()
      if (message.kind === 'failed') return this.fail(new Error(message.message))
      if (message.kind === 'progress') return this.onBytes?.(message.bytes)
      const waiting = this.waiting
      this.waiting = null
      if (message.ok) waiting?.resolve(message.value)
      else
        waiting?.reject(
          message.importFile ? new ImportFileError(message.message) : new Error(message.message),
        )
    })
    this.worker.on('error', (error) => this.fail(error))
    this.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the analysis thread stopped (exit code ${code})`))
    })
  }

  /**
   * Folds a range of the file into orders on the part's thread while the caller reads the ranges before it (a
   * part made to fold starts its database after that).
   * @param onBytes called with the bytes of the range read so far
   */
  fold(
    path: string,
    range: ReadRange,
    options: FoldOptions,
    onBytes?: (bytes: number) => void,
  ): Promise<FoldedRange> {
    this.onBytes = onBytes ?? null
    return this.request({ kind: 'fold', path, range, options }, []) as Promise<FoldedRange>
  }

  /** Loads the part's orders and computes its customers' figures; resolves to its counts as CSV. */
  figures(part: number, orders: PartOrders, asOf: string | null, settings: SegmentSettings): Promise<string> {
    const request: PartRequest = { kind: 'figures', part, orders, asOf, settings }
    return this.request(request, [
      orders.customer.buffer,
      orders.day.buffer,
      orders.status.buffer,
    ]) as Promise<string>
  }

  /** Classifies the part's customers against the counts of every part, in part order. */
  classify(counts: string[], asOf: string | null, settings: SegmentSettings): Promise<PartRows> {
    return this.request({ kind: 'classify', counts, asOf, settings }, []) as Promise<PartRows>
  }

  async close(): Promise<void> {
    this.closing = true
    await this.worker.terminate()
  }

  private request(request: PartRequest, transfer: ArrayBuffer[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      this.worker.postMessage(request, transfer)
    })
  }

  private fail(error: Error): void {
    this.failure = error
    this.started.reject(error)
    this.waiting?.reject(error)
    this.waiting = null
  }
}

function spawn(workerData: unknown): Worker {
  const typescript = import.meta.url.endsWith('.ts')
  const entry = new URL(`./analysis-worker.${typescript ? 'ts' : 'js'}`, import.meta.url)
  if (!typescript) return new Worker(entry, { workerData })
  // Run from the sources (tsx, vitest): a worker starts without its parent's loader, so it registers tsx's
  // before it loads its entry.
  const boot = `const { register } = await import(${JSON.stringify(tsxApi())}); register();
    await import(${JSON.stringify(entry.href)})`
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData })
}

function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json')
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>
  }
  const api = exports['./esm/api']
  if (api === undefined) throw new Error(`${manifest} exports no ./esm/api`)
  return pathToFileURL(join(dirname(manifest), api.import.default)).href
}
