import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { pgliteTestDb } from '../../db/test-db.js'
import { createRandom } from '../../demo/random.js'
import { recomputeThemes } from './recompute-themes.js'
import { loadEvaluationSet } from './test-evaluation.js'
import { workspaceWithComments } from './test-themes-fixture.js'
import { getStoredThemes } from './theme-queries.js'

// A recomputation on worker threads (small batches, so that both workers take many of them out of order of
// finishing) stores exactly what one on this thread stores: every comment's language, sentiment and themes, and
// the themes themselves with their phrases.

let db: Db
let workspaceId: string

beforeAll(async () => {
  db = await pgliteTestDb()
  const rng = createRandom(11)
  const set = loadEvaluationSet()
  const comments = [
    ...set.map((c) => [c.language, rng.int(0, 10), c.text] as const),
    ...Array.from(
      { length: 200 },
      () => [rng.pick(set).language, rng.int(0, 10), `${rng.pick(set).text} ${rng.pick(set).text}`] as const,
    ),
  ]
  ;({ workspaceId } = await workspaceWithComments(db, comments))
}, 120_000)

afterAll(async () => {
  await db?.close()
})

async function stored() {
  const analyses = await db.query(sql`select response_id, question_id, language, lexicon_sentiment, sentiment,
      polarity, nps_group, themes
    from comment_analyses where workspace_id = ${workspaceId} order by response_id, question_id`)
  const themes = (await getStoredThemes(db, workspaceId)).map(({ computedAt: _, ...t }) => t)
  return { analyses, themes }
}

test('worker threads and this thread store the same analyses and themes', async () => {
  await recomputeThemes(db, workspaceId, { threads: false })
  const here = await stored()
  await recomputeThemes(db, workspaceId, { threads: true, batchSize: 37 })
  const threaded = await stored()
  expect(here.analyses).toHaveLength(720)
  expect(here.themes.length).toBeGreaterThan(5)
  expect(threaded.analyses).toEqual(here.analyses)
  expect(threaded.themes).toEqual(here.themes)
}, 120_000)
