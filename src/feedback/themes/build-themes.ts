import type { AnalysedComment } from './analyse-comment.js'
import { seedThemes } from './theme-seeds.js'

/** An analyst's pinned theme: kept on every recomputation, found by its phrases (keys). */
export interface PinnedTheme {
  key: string
  phrases: string[]
}

export interface ThemePhrase {
  key: string
  surface: string
  /** Comments of the theme that hold the phrase. */
  comments: number
}

export interface ComputedTheme {
  key: string
  /** seed: a shop theme found by its dictionary; pinned: an analyst's; learned: a cluster found in these comments. */
  kind: 'seed' | 'pinned' | 'learned'
  /** Its top phrases, most comments first: they name it. */
  phrases: ThemePhrase[]
  comments: number
}

export interface ThemeModel {
  themes: ComputedTheme[]
  /** The theme keys of each comment, in input order. */
  assignments: string[][]
}

export interface ThemeOptions {
  /** Fewest comments a phrase or a theme needs (default: 3, or 0.2 % of the comments when more). */
  minSupport?: number
  pinned?: readonly PinnedTheme[]
  /** At most this many learned themes, the largest (default 20). */
  maxLearned?: number
  /** Phrases kept per theme (default 12). */
  topPhrases?: number
}

type Comment = Pick<AnalysedComment, 'phrases' | 'seeds'>

/**
 * The comments of one computation, kept compact: each phrase key once, each comment as a run of phrase ids
 * in one growing array and its seed themes as bits (a million comments fit in tens of megabytes).
 */
export class ThemeCorpus {
  readonly ids = new Map<string, number>()
  readonly keys: string[] = []
  readonly surfaces: string[] = []
  phraseIds = new Int32Array(1024)
  offsets = new Int32Array(1025)
  seedBits = new Uint8Array(1024)
  size = 0

  add(comment: Comment): void {
    const start = this.offsets[this.size]!
    if (start + comment.phrases.length > this.phraseIds.length)
      this.phraseIds = grow(this.phraseIds, start + comment.phrases.length)
    let end = start
    for (const p of comment.phrases) {
      let id = this.ids.get(p.key)
      if (id === undefined) {
        id = this.keys.length
        this.ids.set(p.key, id)
        this.keys.push(p.key)
        this.surfaces.push(p.surface)
      }
      this.phraseIds[end++] = id
    }
    if (this.size + 2 > this.offsets.length) this.offsets = grow(this.offsets, this.size + 2)
    if (this.size + 1 > this.seedBits.length) this.seedBits = grow(this.seedBits, this.size + 1)
    let bits = 0
    for (const seed of comment.seeds) bits |= 1 << seedThemes.indexOf(seed)
    this.seedBits[this.size] = bits
    this.offsets[++this.size] = end
  }

  /** The phrase ids of comment d. */
  doc(d: number): Int32Array {
    return this.phraseIds.subarray(this.offsets[d]!, this.offsets[d + 1]!)
  }
}

function grow<T extends Int32Array | Uint8Array>(a: T, atLeast: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(atLeast, a.length * 2))
  b.set(a)
  return b
}

/**
 * Themes as clusters of co-occurring key phrases:
 * 1. anchors: the shop themes' dictionary words (and pinned themes' phrases) mark comments directly;
 * 2. a frequent phrase joins the anchored theme it co-occurs with most when at least half of its comments are
 *    that theme's and the theme is twice as common among them as overall (lift ≥ 2);
 * 3. among the comments no theme holds yet, frequent phrases that co-occur (Jaccard ≥ 0.25 of their comment
 *    sets) are joined into learned themes, single-link.
 * A comment takes its anchored themes; without any, the themes of its joined phrases; without those, its
 * learned themes.
 */
export function buildThemes(input: ThemeCorpus | readonly Comment[], options: ThemeOptions = {}): ThemeModel {
  let corpus: ThemeCorpus
  if (input instanceof ThemeCorpus) corpus = input
  else {
    corpus = new ThemeCorpus()
    for (const c of input) corpus.add(c)
  }
  const n = corpus.size
  const minSupport = options.minSupport ?? Math.max(3, Math.ceil(n * 0.002))
  const pinned = options.pinned ?? []
  const topPhrases = options.topPhrases ?? 12
  const { ids, keys, surfaces } = corpus
  const df = new Int32Array(keys.length)
  for (let d = 0; d < n; d++) for (const id of corpus.doc(d)) df[id]! += 1

  // 1. Anchored themes: seeds first, then pinned themes (a pinned seed key only keeps its seed).
  const anchoredKeys = [...seedThemes, ...pinned.map((p) => p.key).filter((k) => !isSeed(k))]
  const themeIndex = new Map(anchoredKeys.map((k, i) => [k, i]))
  const pinnedPhrase = new Map<number, number[]>()
  for (const p of pinned) {
    const t = themeIndex.get(p.key)
    if (t === undefined || isSeed(p.key)) continue
    for (const key of p.phrases) {
      const id = ids.get(key)
      if (id !== undefined) pinnedPhrase.set(id, [...(pinnedPhrase.get(id) ?? []), t])
    }
  }
  const anchors: number[][] = new Array(n)
  const themeDocs = new Int32Array(anchoredKeys.length)
  for (let d = 0; d < n; d++) {
    const set = new Set<number>()
    const bits = corpus.seedBits[d]!
    for (let b = 0; b < seedThemes.length; b++) if (bits & (1 << b)) set.add(b)
    for (const id of corpus.doc(d)) for (const t of pinnedPhrase.get(id) ?? []) set.add(t)
    anchors[d] = [...set]
    for (const t of set) themeDocs[t]! += 1
  }

  // 2. Frequent phrases join the anchored theme they keep company with.
  const T = anchoredKeys.length
  const co = new Int32Array(keys.length * T)
  for (let d = 0; d < n; d++) {
    const a = anchors[d]!
    if (a.length === 0) continue
    for (const id of corpus.doc(d)) if (df[id]! >= minSupport) for (const t of a) co[id * T + t]! += 1
  }
  const joined = new Int32Array(keys.length).fill(-1)
  for (let id = 0; id < keys.length; id++) {
    if (df[id]! < minSupport || pinnedPhrase.has(id)) continue
    let best = -1
    let bestCo = 0
    for (let t = 0; t < T; t++)
      if (co[id * T + t]! > bestCo) {
        bestCo = co[id * T + t]!
        best = t
      }
    if (best < 0 || bestCo < minSupport) continue
    const confidence = bestCo / df[id]!
    const lift = confidence / (themeDocs[best]! / n)
    if (confidence >= 0.5 && lift >= 2) joined[id] = best
  }

  // 3. Learned themes among the comments nothing holds yet.
  const assignedIdx: number[][] = new Array(n)
  const open: number[] = []
  for (let d = 0; d < n; d++) {
    if (anchors[d]!.length > 0) {
      assignedIdx[d] = anchors[d]!
      continue
    }
    const via = new Set<number>()
    for (const id of corpus.doc(d)) if (joined[id]! >= 0) via.add(joined[id]!)
    assignedIdx[d] = [...via]
    if (via.size === 0) open.push(d)
  }
  const openDf = new Map<number, number>()
  for (const d of open)
    for (const id of corpus.doc(d)) if (df[id]! >= minSupport) openDf.set(id, (openDf.get(id) ?? 0) + 1)
  const frequent = [...openDf].filter(([, c]) => c >= minSupport).map(([id]) => id)
  const isFrequent = new Set(frequent)
  const pairs = new Map<number, number>()
  const width = keys.length
  for (const d of open) {
    const f = [...corpus.doc(d)].filter((id) => isFrequent.has(id))
    for (let i = 0; i < f.length; i++)
      for (let j = i + 1; j < f.length; j++) {
        const [a, b] = f[i]! < f[j]! ? [f[i]!, f[j]!] : [f[j]!, f[i]!]
        const k = a * width + b
        pairs.set(k, (pairs.get(k) ?? 0) + 1)
      }
  }
  const parent = new Map(frequent.map((id) => [id, id]))
  const find = (x: number): number => {
    let r = x
    while (parent.get(r) !== r) r = parent.get(r)!
    parent.set(x, r)
    return r
  }
  for (const [k, c] of pairs) {
    const a = Math.floor(k / width)
    const b = k % width
    const jaccard = c / (openDf.get(a)! + openDf.get(b)! - c)
    if (c >= minSupport && jaccard >= 0.25) parent.set(find(a), find(b))
  }
  const clusters = new Map<number, number[]>()
  for (const id of frequent) clusters.set(find(id), [...(clusters.get(find(id)) ?? []), id])
  // A learned theme needs two phrases that travel together; a lone frequent word is not yet a theme.
  const learned = [...clusters.values()]
    .filter((c) => c.length >= 2)
    .map((c) => c.sort((a, b) => openDf.get(b)! - openDf.get(a)! || keys[a]!.localeCompare(keys[b]!)))
  const clusterOf = new Map<number, number>()
  learned.forEach((c, i) => {
    for (const id of c) clusterOf.set(id, i)
  })
  const learnedDocs = learned.map(() => 0)
  const openThemes = new Map<number, number[]>()
  for (const d of open) {
    const set = new Set<number>()
    for (const id of corpus.doc(d)) {
      const c = clusterOf.get(id)
      if (c !== undefined) set.add(c)
    }
    openThemes.set(d, [...set])
    for (const c of set) learnedDocs[c]! += 1
  }
  const keptLearned = learned
    .map((c, i) => ({ i, key: `x:${keys[c[0]!]}`, docs: learnedDocs[i]! }))
    .filter((c) => c.docs >= minSupport && !themeIndex.has(c.key))
    .sort((a, b) => b.docs - a.docs || a.key.localeCompare(b.key))
    .slice(0, options.maxLearned ?? 20)
  const learnedKey = new Map(keptLearned.map((c) => [c.i, c.key]))

  // Assignments and each theme's phrases counted over its own comments.
  const assignments: string[][] = new Array(n)
  const phraseCounts = new Map<string, Map<number, number>>()
  const themeCounts = new Map<string, number>()
  for (let d = 0; d < n; d++) {
    const named = openThemes.has(d)
      ? openThemes
          .get(d)!
          .map((c) => learnedKey.get(c))
          .filter((k): k is string => k !== undefined)
      : assignedIdx[d]!.map((t) => anchoredKeys[t]!)
    assignments[d] = named
    for (const key of named) {
      themeCounts.set(key, (themeCounts.get(key) ?? 0) + 1)
      let counts = phraseCounts.get(key)
      if (!counts) {
        counts = new Map()
        phraseCounts.set(key, counts)
      }
      for (const id of corpus.doc(d)) counts.set(id, (counts.get(id) ?? 0) + 1)
    }
  }
  const pinnedKeys = new Set(pinned.map((p) => p.key))
  const allKeys = [...anchoredKeys, ...keptLearned.map((c) => c.key)]
  const themes: ComputedTheme[] = allKeys
    .filter((key) => (themeCounts.get(key) ?? 0) > 0 || pinnedKeys.has(key))
    .map((key) => ({
      key,
      kind: pinnedKeys.has(key) && !isSeed(key) ? 'pinned' : isSeed(key) ? 'seed' : 'learned',
      comments: themeCounts.get(key) ?? 0,
      phrases: [...(phraseCounts.get(key) ?? new Map<number, number>())]
        // Ranked by count × confidence: a phrase the theme owns beats one every comment uses.
        .sort(
          (a, b) => b[1] ** 2 / df[b[0]]! - a[1] ** 2 / df[a[0]]! || keys[a[0]]!.localeCompare(keys[b[0]]!),
        )
        .slice(0, topPhrases)
        .map(([id, comments]) => ({ key: keys[id]!, surface: surfaces[id]!, comments })),
    }))
  return { themes, assignments }
}

function isSeed(key: string): boolean {
  return (seedThemes as readonly string[]).includes(key)
}
