import { createRandom } from '../src/demo/random.js'
import { analyseComment, keyPhrases } from '../src/feedback/themes/analyse-comment.js'
import { detectLanguage } from '../src/feedback/themes/detect-language.js'
import { themeLanguages } from '../src/feedback/themes/languages.js'
import { segmentWords } from '../src/feedback/themes/normalise.js'
import { lexiconSentiment } from '../src/feedback/themes/sentiment.js'
import { loadEvaluationSet } from '../src/feedback/themes/test-evaluation.js'

const count = Number(process.argv[2] ?? 50000)
const set = loadEvaluationSet()
const byLanguage = themeLanguages.map((l) => set.filter((c) => c.language === l))
const rng = createRandom(20261207)
const texts: string[] = []
const hints: any[] = []
for (let i = 0; i < count; i++) {
  const pool = byLanguage[i % 5]!
  texts.push(`${rng.pick(pool).text} ${rng.pick(pool).text}`)
  hints.push(themeLanguages[i % 5])
}
for (let i = 0; i < 5000; i++) analyseComment(texts[i]!, hints[i])
const time = (name: string, f: (i: number) => unknown) => {
  const c = process.cpuUsage()
  for (let i = 0; i < count; i++) f(i)
  const u = process.cpuUsage(c)
  console.log(name.padEnd(10), ((u.user + u.system) / count).toFixed(2), 'µs')
}
const langs = texts.map((t, i) => detectLanguage(t, hints[i]))
const words = texts.map((t, i) => segmentWords(langs[i]!, t))
time('detect', (i) => detectLanguage(texts[i]!, hints[i]))
time('segment', (i) => segmentWords(langs[i]!, texts[i]!))
time('phrases', (i) => keyPhrases(langs[i]!, words[i]!))
time('lexicon', (i) => lexiconSentiment(langs[i]!, words[i]!))
time('analyse', (i) => analyseComment(texts[i]!, hints[i]))
const out = texts.slice(0, 20000).map((t, i) => analyseComment(t, hints[i]))
const c = process.cpuUsage()
const { port1, port2 } = new MessageChannel()
const { serialize, deserialize } = await import('node:v8')
const u0 = process.cpuUsage()
const buf = serialize(out)
const u1 = process.cpuUsage(u0)
deserialize(buf)
const u2 = process.cpuUsage(u0)
console.log(
  'serialize',
  ((u1.user + u1.system) / 20000).toFixed(2),
  'µs; +deserialize',
  ((u2.user + u2.system - u1.user - u1.system) / 20000).toFixed(2),
  'µs',
  buf.length / 20000,
  'bytes',
)
port1.close()
port2.close()
void c
