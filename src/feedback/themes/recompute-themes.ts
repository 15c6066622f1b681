import type { Db } from '../../db/db.js'
import { enqueueJob, extendJobLease } from '../../jobs/queries.js'
import { analyseComment } from './analyse-comment.js'
import { buildThemes, ThemeCorpus } from './build-themes.js'
import { isThemeLanguage, type ThemeLanguage } from './languages.js'
import { combinedSentiment, polarityOf, scoreSentiment } from './sentiment.js'
import {
  type CommentAnalysis,
  type CommentRow,
  commentBatches,
  countComments,
  createThemeRun,
  getThemeEdits,
  getThemeRunWorkspace,
  type NpsGroup,
  saveThemeResults,
  type ThemeRun,
  updateThemeRun,
} from './theme-queries.js'

export const RECOMPUTE_THEMES_JOB = 'themes.recompute'

const BATCH = 5_000

function npsGroup(row: CommentRow): NpsGroup | null {
  if (row.scoreKind !== 'nps' || row.scoreValue === null) return null
  return row.scoreValue >= 9 ? 'promoter' : row.scoreValue >= 7 ? 'passive' : 'detractor'
}

/** Queues a recomputation of the workspace's themes; the run reports its progress. */
export async function startThemeRecompute(
  db: Db,
  workspaceId: string,
  userId: string | null,
): Promise<ThemeRun> {
  return db.transaction(async (tx) => {
    const run = await createThemeRun(tx, workspaceId, userId)
    await enqueueJob(tx, {
      kind: RECOMPUTE_THEMES_JOB,
      workspaceId,
      payload: { runId: run.id },
      dedupeKey: `themes:${run.id}`,
      maxAttempts: 2,
    })
    return run
  })
}

/**
 * Reads every comment of the workspace, analyses it (language, words, phrases, sentiment with the response's
 * score), builds the themes over all of them with the analyst's pinned themes kept, and stores the result.
 * Progress is written every batch.
 */
export async function recomputeThemes(
  db: Db,
  workspaceId: string,
  options: { runId?: string; jobId?: string } = {},
): Promise<{ comments: number; themes: number }> {
  const progress = async (change: Parameters<typeof updateThemeRun>[2]) => {
    if (options.runId) await updateThemeRun(db, options.runId, change)
    if (options.jobId) await extendJobLease(db, options.jobId, 300)
  }
  try {
    const total = await countComments(db, workspaceId)
    await progress({ status: 'running', total, processed: 0 })
    const edits = await getThemeEdits(db, workspaceId)
    const corpus = new ThemeCorpus()
    const kept: Omit<CommentAnalysis, 'themes'>[] = []
    for await (const batch of commentBatches(db, workspaceId, BATCH)) {
      for (const row of batch) {
        const hint: ThemeLanguage = isThemeLanguage(row.language) ? row.language : 'en'
        const analysed = analyseComment(row.text, hint)
        corpus.add(analysed)
        const score =
          row.scoreKind && row.scoreValue !== null
            ? scoreSentiment({ kind: row.scoreKind, value: row.scoreValue })
            : null
        const sentiment = combinedSentiment(analysed.lexicon, score)
        kept.push({
          responseId: row.responseId,
          questionId: row.questionId,
          language: analysed.language,
          lexicon: analysed.lexicon,
          sentiment,
          polarity: polarityOf(sentiment),
          npsGroup: npsGroup(row),
        })
      }
      await progress({ processed: kept.length })
    }
    const model = buildThemes(corpus, {
      pinned: edits.filter((e) => e.pinned).map((e) => ({ key: e.key, phrases: e.pinnedPhrases ?? [] })),
    })
    await saveThemeResults(
      db,
      workspaceId,
      kept.map((k, i) => ({ ...k, themes: model.assignments[i] ?? [] })),
      model.themes,
    )
    await progress({ status: 'done', processed: kept.length })
    return { comments: kept.length, themes: model.themes.length }
  } catch (error) {
    await progress({ status: 'failed', error: error instanceof Error ? error.message : String(error) })
    throw error
  }
}

/** The job: recompute for the run named in its payload. */
export async function runThemeRecompute(db: Db, runId: unknown, jobId: string): Promise<void> {
  if (typeof runId !== 'string') return
  const workspaceId = await getThemeRunWorkspace(db, runId)
  if (workspaceId) await recomputeThemes(db, workspaceId, { runId, jobId })
}
