import type { AnalysedComment, Phrase } from './analyse-comment.js'
import { themeLanguages } from './languages.js'
import { seedThemes } from './theme-seeds.js'

// A batch of analysed comments as a worker thread sends it: typed arrays (moved, not copied) and only the phrases
// the receiving side has not seen yet. Cloning the comments as objects cost more than a third of their analysis.

/** The batch on the wire: comment i's phrases are phrases[offsets[i] … offsets[i + 1]), ids in this worker's table. */
export interface PackedBatch {
  /** Key and surface of each phrase new to this worker's table, in id order. */
  fresh: string[]
  languages: Uint8Array
  lexicon: Float64Array
  seeds: Uint8Array
  offsets: Int32Array
  phrases: Int32Array
}

/** The worker's side: numbers each distinct (key, surface) once and packs the batch. */
export class BatchPacker {
  private readonly ids = new Map<string, Map<string, number>>()
  private next = 0

  pack(comments: readonly AnalysedComment[]): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    const n = comments.length
    const fresh: string[] = []
    const languages = new Uint8Array(n)
    const lexicon = new Float64Array(n)
    const seeds = new Uint8Array(n)
    const offsets = new Int32Array(n + 1)
    let total = 0
    for (const c of comments) total += c.phrases.length
    const phrases = new Int32Array(total)
    let at = 0
    comments.forEach((c, i) => {
      languages[i] = themeLanguages.indexOf(c.language)
      lexicon[i] = c.lexicon
      let bits = 0
      for (const seed of c.seeds) bits |= 1 << seedThemes.indexOf(seed)
      seeds[i] = bits
      for (const p of c.phrases) phrases[at++] = this.idOf(p, fresh)
      offsets[i + 1] = at
    })
    const batch = { fresh, languages, lexicon, seeds, offsets, phrases }
    return {
      batch,
      transfer: [languages, lexicon, seeds, offsets, phrases].map((a) => a.buffer as ArrayBuffer),
    }
  }

  private idOf(p: Phrase, fresh: string[]): number {
    let surfaces = this.ids.get(p.key)
    if (!surfaces) {
      surfaces = new Map()
      this.ids.set(p.key, surfaces)
    }
    let id = surfaces.get(p.surface)
    if (id === undefined) {
      id = this.next++
      surfaces.set(p.surface, id)
      fresh.push(p.key, p.surface)
    }
    return id
  }
}

/** The receiving side, one per worker: its phrase table, and the comments of each batch as analyseComment gave them. */
export class BatchUnpacker {
  private readonly table: Phrase[] = []

  unpack(batch: PackedBatch): AnalysedComment[] {
    for (let i = 0; i < batch.fresh.length; i += 2)
      this.table.push({ key: batch.fresh[i]!, surface: batch.fresh[i + 1]! })
    const out: AnalysedComment[] = new Array(batch.languages.length)
    for (let i = 0; i < out.length; i++) {
      const phrases: Phrase[] = []
      for (let j = batch.offsets[i]!; j < batch.offsets[i + 1]!; j++)
        phrases.push(this.table[batch.phrases[j]!]!)
      const bits = batch.seeds[i]!
      out[i] = {
        language: themeLanguages[batch.languages[i]!]!,
        phrases,
        seeds: seedThemes.filter((_, b) => bits & (1 << b)),
        lexicon: batch.lexicon[i]!,
      }
    }
    return out
  }
}
