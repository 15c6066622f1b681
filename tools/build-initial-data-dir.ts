import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { writeInitialDataDir } from '../src/db/initial-data-dir.js'
import { projectRoot } from './build-inputs.js'

// The build's part that makes the initial data dir a new PGlite data dir starts from (src/db/initial-data-dir.ts).

mkdirSync(join(projectRoot, 'dist/db'), { recursive: true })
await writeInitialDataDir(join(projectRoot, 'dist/db/initial-data-dir.tar.gz'))
