import { languageScores } from './language-scores.js'
import type { ThemeLanguage } from './languages.js'

// ELD (Nito-ELD) with its smallest n-gram table, limited to our five languages (language-scores.ts runs its
// algorithm on our five only). On the evaluation set (fixtures/*.tsv, 520 comments) it named 518 right, as its
// larger tables did; franc-min has no Latvian (73 % overall), tinyld was as accurate but 7× slower, cld needs a
// native build.

// Ukrainian and Russian share most n-grams: on the evaluation set their two scores lay within 1 % of each other
// for nearly every comment, so there the response's own language is the better guide. Across scripts the
// scores differ by far more and the detector decides.
const NEAR_TIE = 0.03

/**
 * The language of one comment. With the response's language as `hint`, the hint also breaks near ties and
 * stands in when the detector has no answer (a word or two, digits only); without one, the detector alone
 * decides (English when it cannot).
 */
export function detectLanguage(text: string, hint?: ThemeLanguage): ThemeLanguage {
  const { language: found, scores } = languageScores(text)
  if (!found) return hint ?? 'en'
  if (!hint || hint === found) return found
  const top = scores[found] ?? 0
  const own = scores[hint] ?? 0
  return own > 0 && own >= top * (1 - NEAR_TIE) ? hint : found
}
