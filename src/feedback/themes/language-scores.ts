import { type ThemeLanguage, themeLanguages } from './languages.js'

// ELD's (Nito-ELD 2.1) detection, limited to our five languages, without its cost. eld.detect builds a string for
// each byte 4-gram of a comment and adds up the scores of all its 60 languages before a subset drops 55 of them:
// that was a third of a comment's analysis. Here each n-gram is a number and the table keeps our five languages
// only; the text, the n-grams, the sums and the 0–1 scaling are eld's own, so the answer is eld's to the last bit
// (language-scores.test.ts compares the two). The table and the separators are read from eld's own files.

interface EldNgrams {
  ngramsData: { languages: Record<string, string>; ngrams: Record<string, Record<string, number>> }
}
const eldEntry = import.meta.resolve('eld/extrasmall')
const { ngramsData } = (await import(new URL('../ngrams/extrasmall.js', eldEntry).href)) as EldNgrams
const { dictionary } = (await import(new URL('../dictionary.js', eldEntry).href)) as { dictionary: string[] }
const { separators } = (await import(new URL('../regexPatterns.js', eldEntry).href)) as { separators: RegExp }

// Our languages in eld's order of its language ids: its arg-max keeps the first of equal scores.
const eldId = (language: string) =>
  Number(Object.entries(ngramsData.languages).find(([, code]) => code === language)?.[0])
const ordered: ThemeLanguage[] = [...themeLanguages].sort((a, b) => eldId(a) - eldId(b))
const BASE_NGRAM_SCORE = 53 // eld subtracted it from every score to keep its table small
const LONGEST_KEY = 6
const byteChar = Uint8Array.from(dictionary, (c) => c.charCodeAt(0))

// An n-gram of byte-characters (each 0–255, at most six) as two exact int32s, so that nothing is allocated per
// n-gram: `lo` packs its last four characters, `hi` its length and the first two of a longer one.
let keyHi = 0
let keyLo = 0
function splitKey(chars: ArrayLike<number>, length: number): void {
  const split = length > 4 ? length - 4 : 0
  let hi = 0
  for (let i = 0; i < split; i++) hi = (hi << 8) | chars[i]!
  let lo = 0
  for (let i = split; i < length; i++) lo = (lo << 8) | chars[i]!
  keyHi = (length << 16) | hi
  keyLo = lo
}

const hashOf = (hi: number, lo: number) => Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1) >>> 0

/** Open addressing over (hi, lo) keys: the table's n-grams, and the n-grams already counted in one comment. */
class KeySet {
  readonly hi: Int32Array
  readonly lo: Int32Array
  readonly value: Int32Array
  readonly mark: Int32Array
  readonly mask: number
  stamp = 1

  constructor(bits: number) {
    const size = 1 << bits
    this.mask = size - 1
    this.hi = new Int32Array(size)
    this.lo = new Int32Array(size)
    this.value = new Int32Array(size)
    this.mark = new Int32Array(size)
  }

  /** The slot of the key, or of the empty place where it would go. */
  slot(hi: number, lo: number): number {
    let h = hashOf(hi, lo) & this.mask
    while (this.mark[h] === this.stamp && (this.hi[h] !== hi || this.lo[h] !== lo)) h = (h + 1) & this.mask
    return h
  }

  /** Adds the key with a value; false when it was there. */
  add(hi: number, lo: number, value: number): boolean {
    const h = this.slot(hi, lo)
    if (this.mark[h] === this.stamp) return false
    this.mark[h] = this.stamp
    this.hi[h] = hi
    this.lo[h] = lo
    this.value[h] = value
    return true
  }

  get(hi: number, lo: number): number {
    const h = this.slot(hi, lo)
    return this.mark[h] === this.stamp ? this.value[h]! : -1
  }

  /** Empties the set in O(1). */
  clear(): void {
    if (++this.stamp === 0x7fffffff) {
      this.mark.fill(0)
      this.stamp = 1
    }
  }
}

// n-gram → its row in `scores`, which holds the five languages' scores (0 where eld has none).
const rows = new KeySet(17)
const scoreRows: number[] = []
const orderedIds = ordered.map(eldId)
const chars: number[] = []
for (const ngram in ngramsData.ngrams) {
  const byLanguage = ngramsData.ngrams[ngram]!
  if (!orderedIds.some((id) => byLanguage[id] !== undefined)) continue
  chars.length = 0
  for (let i = 0; i < ngram.length; i++) chars.push(ngram.charCodeAt(i))
  splitKey(chars, chars.length)
  rows.add(keyHi, keyLo, scoreRows.length / ordered.length)
  for (const id of orderedIds) {
    const score = byLanguage[id]
    scoreRows.push(score === undefined ? 0 : score + BASE_NGRAM_SCORE)
  }
}
const scores = Int32Array.from(scoreRows)
if (scores.length / ordered.length > rows.mask / 2) throw new Error('eld’s table outgrew the n-gram hash')

const SPACE = 32
const CUT_AFTER = 350 // eld: cut at the first space after 350 bytes…
const ENFORCE_CUT_AFTER = 380 // …and anywhere after 380
const MAX_WORD = 70

// Reused by every call (one comment at a time per thread).
const bytes = new Uint8Array(4 * 1000 + 8)
const wordEnds: number[] = []
// A comment has at most ~400 bytes read, so a few hundred n-grams.
const seen = new KeySet(10)
let seenCount = 0
const seenLong = new Set<string>()
const sums = new Float64Array(ordered.length)

/** eld's strToUtf8Bytes: the lower-cased text as byte-characters, split on spaces, into `bytes` and `wordEnds`. */
function toByteWords(text: string): number {
  wordEnds.length = 0
  let n = 0
  let wordStart = 0
  let count = 0
  const put = (b: number) => {
    bytes[n++] = byteChar[b]!
  }
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i)
    if (c < 0x80) {
      if (c === SPACE) {
        if (n > wordStart) wordEnds.push(wordStart, n)
        wordStart = n
        if (count > CUT_AFTER) break
      } else bytes[n++] = c
      count++
    } else if (c < 0x800) {
      put(0xc0 | (c >> 6))
      put(0x80 | (c & 0x3f))
      count += 2
    } else if (c < 0xd800 || c >= 0xe000) {
      put(0xe0 | (c >> 12))
      put(0x80 | ((c >> 6) & 0x3f))
      put(0x80 | (c & 0x3f))
      count += 3
    } else {
      i++
      c = 0x10000 + (((c & 0x3ff) << 10) | (text.charCodeAt(i) & 0x3ff))
      put(0xf0 | (c >> 18))
      put(0x80 | ((c >> 12) & 0x3f))
      put(0x80 | ((c >> 6) & 0x3f))
      put(0x80 | (c & 0x3f))
      count += 4
    }
    if (count > ENFORCE_CUT_AFTER) break
  }
  if (n > wordStart) wordEnds.push(wordStart, n)
  return n
}

const scratch = new Uint8Array(MAX_WORD + 8)

/** One n-gram: optional leading space, bytes[from, to), optional trailing space; counted once, scored once. */
function addNgram(lead: boolean, from: number, to: number, trail: boolean): void {
  let k = 0
  if (lead) scratch[k++] = SPACE
  const length = k + (to - from) + (trail ? 1 : 0)
  if (length > LONGEST_KEY) {
    // Longer than any n-gram of the table (the tail of a word over 70 bytes): it counts, it scores nothing.
    seenLong.add(String.fromCharCode(...(lead ? [SPACE] : []), ...bytes.subarray(from, to), SPACE))
    return
  }
  for (let i = from; i < to; i++) scratch[k++] = bytes[i]!
  if (trail) scratch[k++] = SPACE
  splitKey(scratch, k)
  if (!seen.add(keyHi, keyLo, 0)) return
  seenCount++
  const row = rows.get(keyHi, keyLo)
  if (row === -1) return
  for (let l = 0; l < ordered.length; l++) sums[l]! += scores[row * ordered.length + l]!
}

/** What eld.detect(text) with our five languages as its subset answers: the language and its getScores(). */
export function languageScores(input: string): {
  language: ThemeLanguage | null
  scores: Partial<Record<ThemeLanguage, number>>
} {
  const text = input.substring(0, 1000).replace(separators, ' ').trim().toLowerCase()
  toByteWords(text)
  seen.clear()
  seenCount = 0
  if (seenLong.size) seenLong.clear()
  sums.fill(0)
  // eld's getByteNgrams: 4-byte n-grams with a stride of 3, a space before a word's first, and its tail with a space after.
  for (let w = 0; w < wordEnds.length; w += 2) {
    const start = wordEnds[w]!
    const whole = wordEnds[w + 1]! - start
    const len = Math.min(whole, MAX_WORD)
    let j = 0
    for (; j + 4 < len; j += 3) addNgram(j === 0, start + j, start + j + 4, false)
    addNgram(j === 0, start + (len !== 3 ? Math.max(0, len - 4) : 0), start + whole, true)
  }
  const ngrams = seenCount + seenLong.size
  const out: Partial<Record<ThemeLanguage, number>> = {}
  let best: ThemeLanguage | null = null
  let bestSum = 0
  for (let l = 0; l < ordered.length; l++) {
    const sum = sums[l]!
    if (sum <= 0) continue
    const perNgram = sum / ngrams
    out[ordered[l]!] = perNgram / (perNgram + 25) // eld's LanguageResult scaling
    if (sum > bestSum) {
      bestSum = sum
      best = ordered[l]!
    }
  }
  return { language: best, scores: out }
}
