// Latvian has no stemmer on the npm registry (snowball has none, nlp.js has none). This is the light stemmer
// of Kreslins (1996) as Apache Lucene and Elasticsearch use it for Latvian: strip one noun or adjective
// ending, the longest first, when at least one vowel more than the ending's own remains and the stem keeps
// three letters; after the endings of the 2nd, 5th and 6th declensions undo the consonant change.

/** [ending, vowels in it, whether removing it undoes a consonant change] — longest endings first. */
const endings: readonly (readonly [string, number, boolean])[] = [
  ['ajiem', 3, false],
  ['ajai', 3, false],
  ['ajam', 2, false],
  ['ajām', 2, false],
  ['ajos', 2, false],
  ['ajās', 2, false],
  ['iem', 2, true],
  ['ajā', 2, false],
  ['ais', 2, false],
  ['ai', 2, false],
  ['ei', 2, false],
  ['ām', 1, false],
  ['am', 1, false],
  ['ēm', 1, false],
  ['īm', 1, false],
  ['im', 1, false],
  ['um', 1, false],
  ['us', 1, true],
  ['as', 1, false],
  ['ās', 1, false],
  ['es', 1, false],
  ['os', 1, true],
  ['ij', 1, false],
  ['īs', 1, false],
  ['ēs', 1, false],
  ['is', 1, false],
  ['ie', 1, false],
  ['u', 1, true],
  ['a', 1, true],
  ['i', 1, true],
  ['e', 1, false],
  ['ā', 1, false],
  ['ē', 1, false],
  ['ī', 1, false],
  ['ū', 1, false],
  ['o', 1, false],
  ['s', 0, false],
  ['š', 0, false],
]

const vowels = /[aeiouāēīū]/g

/** Consonant changes undone at the end of a stem (Lucene's table; s/t→š and d/z→ž stay ambiguous). */
const pairs: readonly (readonly [string, string])[] = [
  ['šņ', 'sn'],
  ['žņ', 'zn'],
  ['šļ', 'sl'],
  ['žļ', 'zl'],
  ['ļņ', 'ln'],
  ['ļļ', 'll'],
]

function undoChange(stem: string, removed: string): string {
  if (removed.startsWith('u')) {
    if (stem.endsWith('kš')) return `${stem.slice(0, -2)}kst`
    if (stem.endsWith('ņņ')) return `${stem.slice(0, -2)}nn`
  }
  if (/[pbmv]j$/.test(stem)) return stem.slice(0, -1)
  for (const [from, to] of pairs) if (stem.endsWith(from)) return stem.slice(0, -2) + to
  const last = stem.at(-1)
  if (last === 'č') return `${stem.slice(0, -1)}c`
  if (last === 'ļ') return `${stem.slice(0, -1)}l`
  if (last === 'ņ') return `${stem.slice(0, -1)}n`
  return stem
}

/** The stem of a lower-case Latvian word. */
export function stemLatvian(word: string): string {
  const count = word.match(vowels)?.length ?? 0
  for (const [ending, own, changes] of endings) {
    if (count > own && word.length >= ending.length + 3 && word.endsWith(ending)) {
      const stem = word.slice(0, -ending.length)
      return changes ? undoChange(stem, ending) : stem
    }
  }
  return word
}
