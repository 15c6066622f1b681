import { createRequire } from 'node:module'
import type { ThemeLanguage } from './languages.js'
import { isNegation, stemWord, type Word } from './normalise.js'
import { shopSentimentWords } from './sentiment-words.js'
import { type WordDictionary, wordDictionary } from './theme-seeds.js'

const require = createRequire(import.meta.url)

// Published lexicons shipped by nlp.js: ML-Senticon for English (−1…1, by stem), AFINN translated to
// Ukrainian, Russian (by stem) and Polish (−5…5, by word form). None exists for Latvian: there only the
// shop words of sentiment-words.ts count. Each is keyed here by our own stem so that every form of a word finds it.
const published: Record<ThemeLanguage, { file: string; scale: number } | null> = {
  en: { file: '@nlpjs/lang-en/src/sentiment/senticon_en.json', scale: 1 },
  uk: { file: '@nlpjs/lang-uk/src/sentiment/afinn_uk.json', scale: 5 },
  ru: { file: '@nlpjs/lang-ru/src/sentiment/afinn_ru.json', scale: 5 },
  pl: { file: '@nlpjs/lang-pl/src/sentiment/afinn_pl.json', scale: 5 },
  lv: null,
}

const stemLexicons = new Map<ThemeLanguage, Map<string, number>>()

function publishedLexicon(language: ThemeLanguage): Map<string, number> {
  let lexicon = stemLexicons.get(language)
  if (lexicon) return lexicon
  const source = published[language]
  const sums = new Map<string, { sum: number; n: number }>()
  if (source) {
    const raw = require(source.file) as Record<string, unknown>
    for (const [word, value] of Object.entries(raw)) {
      // The Russian file holds its scores as strings (and a header row).
      const score = typeof value === 'number' ? value : Number(value)
      if (!Number.isFinite(score) || word.includes(' ')) continue
      const stem = stemWord(language, word.toLowerCase())
      const s = sums.get(stem) ?? { sum: 0, n: 0 }
      s.sum += score / source.scale
      s.n += 1
      sums.set(stem, s)
    }
  }
  lexicon = new Map([...sums].map(([stem, s]) => [stem, s.sum / s.n]))
  stemLexicons.set(language, lexicon)
  return lexicon
}

const shopDictionaries = new Map<ThemeLanguage, WordDictionary<number>>()

function shopDictionary(language: ThemeLanguage): WordDictionary<number> {
  let d = shopDictionaries.get(language)
  if (!d) {
    d = wordDictionary(Object.entries(shopSentimentWords[language]))
    shopDictionaries.set(language, d)
  }
  return d
}

/** Which lexicons count: the published one alone (where it exists), or with the shop words over it. */
export type LexiconChoice = 'published' | 'published+shop'

// VADER (Hutto & Gilbert 2014): a word within three after a negation counts −0.74 of itself, and the sum s is
// normalised to s / √(s² + 15) in −1…1; compound ≥ 0.05 is positive, ≤ −0.05 negative.
const NEGATION_SCALAR = -0.74
const ALPHA = 15
export const POLARITY_THRESHOLD = 0.05

/** The lexicon sentiment of a comment's words, −1…1. */
export function lexiconSentiment(
  language: ThemeLanguage,
  words: readonly Word[],
  choice: LexiconChoice = 'published+shop',
): number {
  const lexicon = publishedLexicon(language)
  const shop = choice === 'published+shop' ? shopDictionary(language) : undefined
  let sum = 0
  let negatedUntil = -1
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!
    const value = shop?.lookup(w.word) ?? (w.stop ? undefined : lexicon.get(w.stem)) ?? 0
    sum += i <= negatedUntil ? value * NEGATION_SCALAR : value
    if (isNegation(language, w.word)) negatedUntil = i + 3
  }
  return sum / Math.sqrt(sum * sum + ALPHA)
}

export type Polarity = 'positive' | 'negative' | 'neutral'

export function polarityOf(sentiment: number): Polarity {
  if (sentiment >= POLARITY_THRESHOLD) return 'positive'
  if (sentiment <= -POLARITY_THRESHOLD) return 'negative'
  return 'neutral'
}

/** A response's score as a sentiment −1…1: NPS 0–10 around 7.5 (passives ≈ 0), CSAT 1–5 and CES 1–7 around their middle. */
export function scoreSentiment(score: { kind: 'nps' | 'csat' | 'ces'; value: number }): number {
  const clamp = (x: number) => Math.max(-1, Math.min(1, x))
  if (score.kind === 'nps') return clamp((score.value - 7.5) / 2.5)
  if (score.kind === 'csat') return clamp((score.value - 3) / 2)
  return clamp((score.value - 4) / 3)
}

/** The comment's sentiment: the lexicon's and the score's given on the same response, averaged (the lexicon alone without one). */
export function combinedSentiment(lexicon: number, score: number | null): number {
  return score === null ? lexicon : (lexicon + score) / 2
}
