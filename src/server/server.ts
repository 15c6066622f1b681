import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type Config, loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { startWorker } from '../jobs/worker.js'
import { createApp } from './app.js'
import { backgroundWork } from './background-work.js'

/** Serves the app over HTTP; port 0 picks a free one (tests). */
export async function startServer(options: {
  db: Db
  port?: number
  host?: string
  config?: Config
  webDir?: string
  /** Runs the background job worker in this process (default true). */
  jobs?: boolean
}): Promise<{ url: string; close(): Promise<void> }> {
  const config = options.config ?? loadConfig({})
  const app = createApp({ db: options.db, config, webDir: options.webDir })
  const host = options.host ?? config.HOST
  return new Promise((resolvePromise, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? config.PORT, hostname: host },
      (info: AddressInfo) => {
        const shownHost = host === '0.0.0.0' ? 'localhost' : host
        const url = `http://${shownHost}:${info.port}`
        const work = backgroundWork({ config, baseUrl: config.RAPPORT_PUBLIC_URL ?? url })
        const worker = options.jobs === false ? undefined : startWorker({ db: options.db, ...work })
        resolvePromise({
          url,
          close: async () => {
            await worker?.stop()
            await new Promise<void>((done) => server.close(() => done()))
          },
        })
      },
    )
    server.once('error', reject)
  })
}
