import { expect, test } from 'vitest'
import { createRandom } from '../../demo/random.js'
import { themeLanguages } from './languages.js'
import { segmentRun, segmentWords } from './normalise.js'
import { loadEvaluationSet } from './test-evaluation.js'

// segmentWords reads a comment piece by piece between spaces (and remembers the pieces); the oracle is
// Intl.Segmenter over the whole comment at once, which must find the very same words.
const set = loadEvaluationSet()
const rng = createRandom(3)
const texts = [
  ...set.map((c) => c.text),
  ...Array.from({ length: 300 }, () => `${rng.pick(set).text}\n${rng.pick(set).text}\t${rng.pick(set).text}`),
  "Don't   stop — it's 24/7, e-mail: a.b@c.lv; 3.5 kg, ’n’ “quoted” (brackets)...",
  'Кур’єр сказав: «завтра»!!! 10:30—11:00',
  'café\u0301 a \u0301mark, zero\u200Bwidth, soft\u00ADhyphen, emoji 👍🏽 👩‍💻 ok',
  '   leading and trailing   ',
  '',
]

test.each(themeLanguages)(
  'in %s, the words piece by piece are the words of the whole comment',
  (language) => {
    for (const text of texts) {
      const whole = segmentRun(language, text.toLowerCase().replace(/[’ʼ`]/g, "'"))
      // Twice: the second read comes from the remembered pieces.
      expect([text, segmentWords(language, text)]).toEqual([text, whole])
      expect([text, segmentWords(language, text)]).toEqual([text, whole])
    }
  },
)
