import { eld } from 'eld/extrasmall'
import { expect, test } from 'vitest'
import { createRandom } from '../../demo/random.js'
import { languageScores } from './language-scores.js'
import { themeLanguages } from './languages.js'
import { loadEvaluationSet } from './test-evaluation.js'

// The oracle is eld itself, with our five languages as its subset: the fast path must give its answer exactly.
eld.setLanguageSubset([...themeLanguages])

function eldAnswer(text: string) {
  const result = eld.detect(text)
  return { language: result.language || null, scores: result.getScores() }
}

const set = loadEvaluationSet()
const rng = createRandom(7)
const mixed = Array.from({ length: 400 }, () => `${rng.pick(set).text} ${rng.pick(set).text}`)
const odd = [
  '',
  '   ',
  '12345 !!!',
  'ok',
  'a',
  'abc',
  'abcd',
  "don't won’t it`s",
  'Ñandú élan naïve Straße',
  'x'.repeat(75),
  `${'ž'.repeat(40)} ${'я'.repeat(90)}`,
  'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters',
  `lone \ud800 surrogate \udc00 here \ud83d`,
  'Δοκιμή 中文 العربية עברית',
  `${'Доставка була швидкою, дякую. '.repeat(40)}`,
  `${'word '.repeat(300)}tail`,
]

test.each([
  ['the evaluation set', set.map((c) => c.text)],
  ['two comments joined', mixed],
  ['odd input', odd],
])('on %s the language and scores are eld’s to the last bit', (_name, texts) => {
  for (const text of texts) expect([text, languageScores(text)]).toEqual([text, eldAnswer(text)])
})
