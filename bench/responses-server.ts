import { loadConfig } from '../src/config.js'
import { openPostgresDb } from '../src/db/postgres-db.js'
import { startServer } from '../src/server/server.js'

// The server under test for `npm run bench -- responses`, in its own process so that the load generator
// does not share its event loop. Prints its URL, then serves until killed.

const url = process.argv[2]
if (!url) throw new Error('usage: responses-server.ts <postgres url>')
const db = openPostgresDb(url, { max: Number(process.env.BENCH_POOL ?? 12) })
const server = await startServer({
  db,
  port: 0,
  host: '127.0.0.1',
  config: loadConfig({ RAPPORT_SURVEY_RATE_LIMIT: '0' }),
  webDir: '/nonexistent',
})
console.log(server.url)
// A clean exit on SIGTERM lets `--cpu-prof` (BENCH_NODE_OPTIONS) write its profile.
process.on('SIGTERM', () => process.exit(0))
