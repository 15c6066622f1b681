import { availableParallelism, loadavg } from 'node:os'
import { createRandom } from '../src/demo/random.js'
import type { AnalysedComment } from '../src/feedback/themes/analyse-comment.js'
import { inThreadAnalyser, workerAnalyser } from '../src/feedback/themes/analyse-pool.js'
import { buildThemes, ThemeCorpus } from '../src/feedback/themes/build-themes.js'
import { themeLanguages } from '../src/feedback/themes/languages.js'
import { combinedSentiment, polarityOf, scoreSentiment } from '../src/feedback/themes/sentiment.js'
import { evaluateThemes, loadEvaluationSet } from '../src/feedback/themes/test-evaluation.js'

const pct = (x: number) => `${(100 * x).toFixed(1)} %`

/**
 * `npm run bench -- themes [comments]`: the evaluation set's figures per language (precision and recall of theme
 * assignment, sentiment accuracy), then the time to process N comments (default 1,000,000) made by joining two
 * random comments of the set in the same language: detect, segment, stem, phrases, sentiment, then themes over all.
 */
export async function benchThemes(count: number, threads: 'workers' | 'one' = 'workers'): Promise<void> {
  const set = loadEvaluationSet()
  console.log(`evaluation set: ${set.length} hand-labelled comments`)
  console.log('language  n    precision  recall   sentiment  (published lexicon alone)  language detected')
  for (const f of evaluateThemes(set))
    console.log(
      `${f.language.padEnd(8)}  ${String(f.comments).padEnd(3)}  ${pct(f.precision).padEnd(9)}  ${pct(f.recall).padEnd(7)}  ${pct(f.sentimentAccuracy).padEnd(9)}  ${pct(f.publishedSentimentAccuracy).padEnd(25)}  ${pct(f.languageAccuracy)}`,
    )

  const byLanguage = themeLanguages.map((l) => set.filter((c) => c.language === l))
  const rng = createRandom(20261207)
  const corpus = new ThemeCorpus()
  const polarities = { positive: 0, negative: 0, neutral: 0 }
  // The same path as a recomputation of that size: batches of 5,000 analysed on worker threads (one per core);
  // `one` analyses on this thread, for the CPU a comment costs without the threads' start and hand-over.
  const analyser = threads === 'one' ? inThreadAnalyser() : workerAnalyser()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const load = loadavg()[0] ?? 0
  const inFlight: { scores: number[]; analysed: Promise<AnalysedComment[]> }[] = []
  const settleFirst = async () => {
    const first = inFlight.shift()!
    const analysed = await first.analysed
    analysed.forEach((a, i) => {
      corpus.add(a)
      const score = scoreSentiment({ kind: 'nps', value: first.scores[i]! })
      polarities[polarityOf(combinedSentiment(a.lexicon, score))]++
    })
  }
  for (let start = 0; start < count; start += 5_000) {
    const texts: string[] = []
    const hints: (typeof themeLanguages)[number][] = []
    const scores: number[] = []
    for (let i = start; i < Math.min(count, start + 5_000); i++) {
      const pool = byLanguage[i % byLanguage.length]!
      texts.push(`${rng.pick(pool).text} ${rng.pick(pool).text}`)
      hints.push(themeLanguages[i % themeLanguages.length]!)
      scores.push(rng.int(0, 10))
    }
    inFlight.push({ scores, analysed: analyser.analyse(texts, hints) })
    if (inFlight.length >= 4) await settleFirst()
  }
  while (inFlight.length > 0) await settleFirst()
  await analyser.close()
  const analysedAt = performance.now()
  const model = buildThemes(corpus)
  const done = performance.now()
  const used = process.cpuUsage(cpu)
  console.log(
    `\n${count.toLocaleString('en')} comments: analysed in ${((analysedAt - started) / 1000).toFixed(1)} s, themes built in ${((done - analysedAt) / 1000).toFixed(1)} s; total ${((done - started) / 1000).toFixed(1)} s wall, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU on ${availableParallelism()} cores, ${threads === 'one' ? 'one thread' : 'worker threads'} (load average ${load.toFixed(1)} at start; target ≤ 120 s)`,
  )
  console.log(
    `${model.themes.length} themes (${model.themes.map((t) => `${t.key} ${t.comments}`).join(', ')}); polarity with the score: ${JSON.stringify(polarities)}; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  )
}
