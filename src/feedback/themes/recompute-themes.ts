import type { Db } from '../../db/db.js'
import { enqueueJob, extendJobLease } from '../../jobs/queries.js'
import type { AnalysedComment } from './analyse-comment.js'
import { type CommentAnalyser, inThreadAnalyser, workerAnalyser } from './analyse-pool.js'
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
/** From this many comments on, the analysis runs on worker threads (one per core). */
const THREADS_FROM = 20_000

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
  options: {
    runId?: string
    jobId?: string
    /** Worker threads or this one; by default threads from THREADS_FROM comments on. */
    threads?: boolean
    batchSize?: number
  } = {},
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
    const keep = (rows: CommentRow[], analysed: AnalysedComment[]) => {
      rows.forEach((row, i) => {
        const a = analysed[i]!
        corpus.add(a)
        const score =
          row.scoreKind && row.scoreValue !== null
            ? scoreSentiment({ kind: row.scoreKind, value: row.scoreValue })
            : null
        const sentiment = combinedSentiment(a.lexicon, score)
        kept.push({
          responseId: row.responseId,
          questionId: row.questionId,
          language: a.language,
          lexicon: a.lexicon,
          sentiment,
          polarity: polarityOf(sentiment),
          npsGroup: npsGroup(row),
        })
      })
    }
    const threads = options.threads ?? total >= THREADS_FROM
    const analyser: CommentAnalyser = threads ? workerAnalyser() : inThreadAnalyser()
    try {
      // Batches are read while earlier ones are analysed; they are kept in the order read.
      const inFlight: { rows: CommentRow[]; analysed: Promise<AnalysedComment[]> }[] = []
      const settleFirst = async () => {
        const first = inFlight.shift()!
        keep(first.rows, await first.analysed)
        await progress({ processed: kept.length })
      }
      for await (const rows of commentBatches(db, workspaceId, options.batchSize ?? BATCH)) {
        const hints = rows.map((r): ThemeLanguage => (isThemeLanguage(r.language) ? r.language : 'en'))
        inFlight.push({
          rows,
          analysed: analyser.analyse(
            rows.map((r) => r.text),
            hints,
          ),
        })
        if (inFlight.length >= 4) await settleFirst()
      }
      while (inFlight.length > 0) await settleFirst()
    } finally {
      await analyser.close()
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
