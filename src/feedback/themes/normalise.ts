import { createRequire } from 'node:module'
import { StemmerPl } from '@nlpjs/lang-pl'
import { StemmerUk } from '@nlpjs/lang-uk'
import { newStemmer } from 'snowball-stemmers'
import type { ThemeLanguage } from './languages.js'
import { stemLatvian } from './latvian-stemmer.js'

/** One word of a comment: as written (lower case) and its stem; stop words are kept, flagged, for negation. */
export interface Word {
  readonly word: string
  readonly stem: string
  readonly stop: boolean
  /** The word's phrase key: language and stem. */
  readonly key: string
}

// Stemmers: Snowball for English and Russian, nlp.js's light stemmers for Ukrainian and Polish (Snowball has
// neither), and the Kreslins light stemmer for Latvian, which no registry package ships (latvian-stemmer.ts).
const english = newStemmer('english')
const russian = newStemmer('russian')
const ukrainian = new StemmerUk()
const polish = new StemmerPl()

const stemmers: Record<ThemeLanguage, (word: string) => string> = {
  en: (w) => english.stem(w),
  ru: (w) => russian.stem(w),
  uk: (w) => ukrainian.stemWord(w),
  pl: (w) => polish.stemWord(w),
  lv: stemLatvian,
}

// stopwords-iso's lists, plus the negations they hold removed: "not" and "не" carry the sentiment.
const negations: Record<ThemeLanguage, string[]> = {
  en: ['not', 'no', 'never', 'nothing', 'nobody', "don't", "didn't", "doesn't", "can't", "won't", 'without'],
  uk: ['не', 'ні', 'ніколи', 'ніхто', 'нічого', 'без'],
  ru: ['не', 'нет', 'ни', 'никогда', 'никто', 'ничего', 'без'],
  pl: ['nie', 'nigdy', 'nikt', 'nic', 'bez'],
  lv: ['ne', 'nav', 'nekad', 'neviens', 'nekas', 'bez'],
}

// stopwords-iso's entry point is a JSON file, which Node's ESM loader takes only with an import attribute.
const stopwordsIso = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[] | undefined>
const stopwords = Object.fromEntries(
  (Object.keys(stemmers) as ThemeLanguage[]).map((l) => [l, new Set(stopwordsIso[l] ?? [])]),
) as Record<ThemeLanguage, Set<string>>

const segmenters = new Map<ThemeLanguage, Intl.Segmenter>()
// Words repeat across comments: the stem of each is worked out once (bounded, cleared when full).
const stemCaches = new Map<ThemeLanguage, Map<string, string>>()
const wordCaches = new Map<ThemeLanguage, Map<string, Word>>()
const CACHE_LIMIT = 200_000

/** Whether a word negates what follows it (not, не, nie, ne…). */
export function isNegation(language: ThemeLanguage, word: string): boolean {
  return negations[language].includes(word)
}

/** The stem of one lower-case word in a language (cached). */
export function stemWord(language: ThemeLanguage, word: string): string {
  let cache = stemCaches.get(language)
  if (!cache) {
    cache = new Map()
    stemCaches.set(language, cache)
  }
  let stem = cache.get(word)
  if (stem === undefined) {
    stem = stemmers[language](word)
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(word, stem)
  }
  return stem
}

const SPACES = /[ \t\n\r]+/
const JOINED_TO_SPACE = /[ \t\n\r](?:\p{M}|\p{Cf}|\p{Emoji_Modifier})/u
const pieceCaches = new Map<ThemeLanguage, Map<string, Word[]>>()

/**
 * The words of a comment, split by Intl.Segmenter (word boundaries of Unicode UAX #29 as the language's locale
 * refines them), in lower case with typographic apostrophes made plain; digits-only tokens are left out.
 */
export function segmentWords(language: ThemeLanguage, text: string): Word[] {
  const lower = text.toLowerCase().replace(/[’ʼ`]/g, "'")
  if (JOINED_TO_SPACE.test(lower)) return segmentRun(language, lower)
  // UAX #29 always breaks at a space (WB3a–d, WB999) unless a mark or format character clings to it (WB4), so the
  // words of the whole text are the words of its space-separated pieces, and pieces repeat from comment to comment.
  let cache = pieceCaches.get(language)
  if (!cache) {
    cache = new Map()
    pieceCaches.set(language, cache)
  }
  const out: Word[] = []
  for (const piece of lower.split(SPACES)) {
    if (piece === '') continue
    let words = cache.get(piece)
    if (words === undefined) {
      words = segmentRun(language, piece)
      if (cache.size >= CACHE_LIMIT) cache.clear()
      cache.set(piece, words)
    }
    for (const w of words) out.push(w)
  }
  return out
}

/** Intl.Segmenter over lower-cased text: its word-like segments as Words. */
export function segmentRun(language: ThemeLanguage, lower: string): Word[] {
  let segmenter = segmenters.get(language)
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'word' })
    segmenters.set(language, segmenter)
  }
  let cache = wordCaches.get(language)
  if (!cache) {
    cache = new Map()
    wordCaches.set(language, cache)
  }
  const stops = stopwords[language]
  const out: Word[] = []
  for (const s of segmenter.segment(lower)) {
    if (!s.isWordLike) continue
    let w = cache.get(s.segment)
    if (w === undefined) {
      const word = s.segment
      if (/^\d+$/.test(word)) continue
      const stem = stemWord(language, word)
      w = { word, stem, stop: stops.has(word) && !isNegation(language, word), key: `${language}:${stem}` }
      if (cache.size >= CACHE_LIMIT) cache.clear()
      cache.set(word, w)
    }
    out.push(w)
  }
  return out
}
