import type { Text } from '../definition.js'
import type { NpsKind } from '../surveys.js'

/** A survey to start from: its definition (valid JSON input), where it comes from and what its scores mean. */
export interface SurveyTemplate {
  key: string
  name: Text
  /** The published source of the method (and who wrote the statements). */
  source: string
  /** What the resulting scores mean, per language. */
  meaning: Text
  npsKind: NpsKind
  touchpoint: string
  definition: unknown
}
