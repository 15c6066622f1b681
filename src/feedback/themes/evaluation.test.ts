import { describe, expect, test } from 'vitest'
import { analyseComment } from './analyse-comment.js'
import { detectLanguage } from './detect-language.js'
import { stemLatvian } from './latvian-stemmer.js'
import { evaluateThemes, type LanguageFigures, loadEvaluationSet } from './test-evaluation.js'

// The evaluation set (fixtures/*.tsv) is 104 comments a language, written and labelled by hand: the same
// 104 situations of a shop (delivery, price, quality, staff, app/site, returns, loyalty, nothing) told in each
// language. The thresholds below are OURS, set from the first full evaluation (en 94.5/92.0/78.8 %,
// uk 96.2/90.2/81.7 %, ru 96.2/89.3/81.7 %, pl 96.2/89.3/83.7 %, lv 94.4/91.1/81.7 % for precision/recall/
// sentiment) a few points below, so that a change that costs more than a handful of comments fails here.
// The seed dictionary and shop sentiment words were written by the same hand as the set: these are
// figures on in-domain text, not on unseen shops.
const thresholds = { precision: 0.9, recall: 0.85, sentimentAccuracy: 0.75, languageAccuracy: 0.98 }

describe('themes and sentiment on the hand-labelled evaluation set', () => {
  const set = loadEvaluationSet()
  const figures = evaluateThemes(set)

  test('the set has at least 100 labelled comments in each of the five languages', () => {
    expect(figures.map((f) => [f.language, f.comments >= 100])).toEqual([
      ['en', true],
      ['uk', true],
      ['ru', true],
      ['pl', true],
      ['lv', true],
    ])
  })

  test.each(['en', 'uk', 'ru', 'pl', 'lv'])(
    '%s passes the precision, recall, sentiment and language thresholds',
    (language) => {
      const f = figures.find((x) => x.language === language) as LanguageFigures
      expect(f.precision).toBeGreaterThanOrEqual(thresholds.precision)
      expect(f.recall).toBeGreaterThanOrEqual(thresholds.recall)
      expect(f.sentimentAccuracy).toBeGreaterThanOrEqual(thresholds.sentimentAccuracy)
      expect(f.languageAccuracy).toBeGreaterThanOrEqual(thresholds.languageAccuracy)
    },
  )

  test('the shop words add to the published lexicons: accuracy with them beats the published lexicon alone', () => {
    for (const f of figures) expect(f.sentimentAccuracy).toBeGreaterThan(f.publishedSentimentAccuracy)
  })
})

describe('the pieces, on hand-picked words', () => {
  test('Latvian light stemmer: the forms of one noun share a stem (Kreslins rules, worked by hand)', () => {
    // piegāde (nom.), piegādes (gen.), piegādi (acc.), piegādēm (dat. pl.) → piegād
    expect(['piegāde', 'piegādes', 'piegādi', 'piegādēm'].map(stemLatvian)).toEqual(Array(4).fill('piegād'))
    // -iem after a 2nd-declension stem undoes the consonant change: brāļiem → brāl (ļ → l)
    expect(stemLatvian('brāļiem')).toBe('brāl')
    // too short to strip: the stem must keep three letters
    expect(stemLatvian('ir')).toBe('ir')
  })

  test('the response language decides between the near-tied Ukrainian and Russian, never across scripts', () => {
    // The detector alone calls this short Ukrainian comment Russian (its two scores lie within 1 %).
    expect(detectLanguage('Швидка доставка, дякую!')).toBe('ru')
    expect(detectLanguage('Швидка доставка, дякую!', 'uk')).toBe('uk')
    expect(detectLanguage('Piegāde bija ļoti ātra.', 'en')).toBe('lv')
    expect(detectLanguage('Доставка була дуже швидкою.', 'pl')).not.toBe('pl')
  })

  test('a negation turns the sentiment of what follows', () => {
    const good = analyseComment('The staff were helpful.', 'en').lexicon
    const notGood = analyseComment('The staff were not helpful.', 'en').lexicon
    expect(good).toBeGreaterThan(0)
    expect(notGood).toBeLessThan(0)
  })
})
