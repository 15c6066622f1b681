import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type Config, loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { listenOrigin } from '../http/public-origin.js'
import { startWorker } from '../jobs/worker.js'
import { createApp } from './app.js'
import { backgroundWork } from './background-work.js'
import { startCaseInbound } from './case-wiring.js'

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
  // The app builds links from the address it listens on (when RAPPORT_PUBLIC_URL is not set): port 0 becomes
  // the port actually picked once listening.
  const given = options.config ?? loadConfig({})
  const config: Config = { ...given, HOST: options.host ?? given.HOST, PORT: options.port ?? given.PORT }
  const app = createApp({ db: options.db, config, webDir: options.webDir })
  return new Promise((resolvePromise, reject) => {
    const server = serve(
      { fetch: app.fetch, port: config.PORT, hostname: config.HOST },
      (info: AddressInfo) => {
        config.PORT = info.port
        const url = listenOrigin(config)
        const work = backgroundWork({ config, baseUrl: config.RAPPORT_PUBLIC_URL ?? url })
        const worker = options.jobs === false ? undefined : startWorker({ db: options.db, ...work })
        const inbound = startCaseInbound(options.db, config)
        resolvePromise({
          url,
          close: async () => {
            await worker?.stop()
            await inbound.close()
            await new Promise<void>((done) => server.close(() => done()))
          },
        })
      },
    )
    server.once('error', reject)
  })
}
