import { readFileSync } from 'node:fs'
import { analyseComment } from './analyse-comment.js'
import { buildThemes } from './build-themes.js'
import { detectLanguage } from './detect-language.js'
import { type ThemeLanguage, themeLanguages } from './languages.js'
import { type LexiconChoice, type Polarity, polarityOf } from './sentiment.js'

/** One hand-labelled comment of the evaluation set (fixtures/LANG.tsv: themes, polarity, text). */
export interface LabelledComment {
  language: ThemeLanguage
  themes: string[]
  polarity: Polarity
  text: string
}

/** The evaluation set: 104 comments a language, written and labelled by hand for this capability. */
export function loadEvaluationSet(): LabelledComment[] {
  return themeLanguages.flatMap((language) =>
    readFileSync(new URL(`./fixtures/${language}.tsv`, import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [themes = '', polarity = '', text = ''] = line.split('\t')
        return {
          language,
          themes: themes === '-' ? [] : themes.split(','),
          polarity: polarity as Polarity,
          text,
        }
      }),
  )
}

export interface LanguageFigures {
  language: ThemeLanguage
  comments: number
  /** Of the (comment, theme) pairs assigned, the share labelled so. */
  precision: number
  /** Of the labelled (comment, theme) pairs, the share assigned. */
  recall: number
  /** Share of comments whose polarity (positive, negative, neutral) the lexicon got right. */
  sentimentAccuracy: number
  /** The same with the published lexicon alone (none for Latvian: every comment neutral). */
  publishedSentimentAccuracy: number
  /** Share of comments detected as their own language by the detector alone. */
  languageAccuracy: number
}

/** Themes built over the whole set at once (as over a workspace), scored per language against the labels. */
export function evaluateThemes(set: readonly LabelledComment[]): LanguageFigures[] {
  const analysed = set.map((c) => analyseComment(c.text, c.language))
  const published = set.map((c) =>
    analyseComment(c.text, c.language, { lexicon: 'published' as LexiconChoice }),
  )
  const model = buildThemes(analysed)
  return themeLanguages.map((language) => {
    let tp = 0
    let assigned = 0
    let labelled = 0
    let right = 0
    let rightPublished = 0
    let detected = 0
    let comments = 0
    set.forEach((c, i) => {
      if (c.language !== language) return
      comments++
      const got = model.assignments[i]!
      assigned += got.length
      labelled += c.themes.length
      tp += got.filter((t) => c.themes.includes(t)).length
      if (polarityOf(analysed[i]!.lexicon) === c.polarity) right++
      if (polarityOf(published[i]!.lexicon) === c.polarity) rightPublished++
      if (detectLanguage(c.text) === language) detected++
    })
    return {
      language,
      comments,
      precision: assigned ? tp / assigned : 0,
      recall: labelled ? tp / labelled : 0,
      sentimentAccuracy: right / comments,
      publishedSentimentAccuracy: rightPublished / comments,
      languageAccuracy: detected / comments,
    }
  })
}
