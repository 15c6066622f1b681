import { detectLanguage } from './detect-language.js'
import type { ThemeLanguage } from './languages.js'
import { isNegation, segmentWords, type Word } from './normalise.js'
import { type LexiconChoice, lexiconSentiment } from './sentiment.js'
import { type SeedTheme, seedThemes, seedWords, type WordDictionary, wordDictionary } from './theme-seeds.js'

/** A key phrase of a comment: its key (language and stems) and the words as written. */
export interface Phrase {
  key: string
  surface: string
}

/** What one comment says, before the themes of the whole set are known. */
export interface AnalysedComment {
  language: ThemeLanguage
  phrases: Phrase[]
  /** The seed themes whose dictionary words the comment holds, in seedThemes' order. */
  seeds: SeedTheme[]
  /** Lexicon sentiment −1…1. */
  lexicon: number
}

const seedDictionaries = new Map<ThemeLanguage, WordDictionary<SeedTheme>>()

function seedDictionary(language: ThemeLanguage): WordDictionary<SeedTheme> {
  let d = seedDictionaries.get(language)
  if (!d) {
    d = wordDictionary(seedThemes.flatMap((t) => seedWords[t][language].map((w) => [w, t] as const)))
    seedDictionaries.set(language, d)
  }
  return d
}

function isContent(language: ThemeLanguage, w: Word): boolean {
  return !w.stop && w.word.length >= 3 && !isNegation(language, w.word)
}

/**
 * Key phrases: each content word (not a stop word, three letters or more) and each pair of adjacent content
 * words, keyed by language and stems so that "delivered late" and "deliveries late" are one phrase.
 */
export function keyPhrases(language: ThemeLanguage, words: readonly Word[]): Phrase[] {
  const out = new Map<string, string>()
  let previous: Word | undefined
  for (const w of words) {
    if (!isContent(language, w)) {
      previous = undefined
      continue
    }
    if (!out.has(w.key)) out.set(w.key, w.word)
    if (previous) {
      const pair = `${language}:${previous.stem} ${w.stem}`
      if (!out.has(pair)) out.set(pair, `${previous.word} ${w.word}`)
    }
    previous = w
  }
  return [...out].map(([key, surface]) => ({ key, surface }))
}

/** Detects the language, splits and stems the words, finds the key phrases, seed themes and lexicon sentiment. */
export function analyseComment(
  text: string,
  hint: ThemeLanguage,
  options: { lexicon?: LexiconChoice } = {},
): AnalysedComment {
  const language = detectLanguage(text, hint)
  const words = segmentWords(language, text)
  const dictionary = seedDictionary(language)
  const seeds = new Set<SeedTheme>()
  for (const w of words) {
    const theme = dictionary.lookup(w.word)
    if (theme) seeds.add(theme)
  }
  return {
    language,
    phrases: keyPhrases(language, words),
    seeds: seedThemes.filter((t) => seeds.has(t)),
    lexicon: lexiconSentiment(language, words, options.lexicon),
  }
}
