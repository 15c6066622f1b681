import { commitmentTemplate, sixForcesTemplate } from './templates/battery-templates.js'
import { cesTemplate, csatTemplate } from './templates/csat-ces-templates.js'
import { loyaltyIndexTemplate, vocInterviewTemplate } from './templates/loyalty-voc-templates.js'
import { relationalNps, transactionalNps } from './templates/nps-templates.js'
import type { SurveyTemplate } from './templates/template.js'

export type { SurveyTemplate } from './templates/template.js'

/** The surveys a user can start from, each in en, uk, ru, pl and lv. */
export const surveyTemplates: readonly SurveyTemplate[] = [
  transactionalNps,
  relationalNps,
  csatTemplate,
  cesTemplate,
  sixForcesTemplate,
  commitmentTemplate,
  loyaltyIndexTemplate,
  vocInterviewTemplate,
]

export function findTemplate(key: string): SurveyTemplate | undefined {
  return surveyTemplates.find((t) => t.key === key)
}
