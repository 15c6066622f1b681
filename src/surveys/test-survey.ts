import { createOrganization, createWorkspace } from '../access/workspaces.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { createSurvey } from './surveys.js'
import type { SurveyTemplate } from './templates/template.js'

// Test support: a workspace with a customer, and a small two-language NPS survey with a skip rule.

export const npsDefinition = {
  defaultLanguage: 'en',
  languages: ['en', 'uk'],
  title: { en: 'Your delivery', uk: 'Ваша доставка' },
  hiddenFields: ['order_id'],
  pages: [
    {
      id: 'score',
      questions: [
        {
          id: 'nps',
          type: 'nps',
          text: {
            en: 'How likely are you to recommend us to a friend?',
            uk: 'Наскільки ймовірно, що ви порекомендуєте нас другові?',
          },
        },
      ],
      skip: [{ when: { question: 'nps', op: 'gte', value: 9 }, goTo: { ending: 'promoter' } }],
    },
    {
      id: 'why',
      questions: [
        {
          id: 'reason',
          type: 'single',
          text: { en: 'What disappointed you most?', uk: 'Що вас найбільше розчарувало?' },
          options: [
            { id: 'speed', label: { en: 'Speed', uk: 'Швидкість' } },
            { id: 'price', label: { en: 'Price', uk: 'Ціна' } },
          ],
        },
        {
          id: 'comment',
          type: 'text',
          required: false,
          text: { en: 'Anything else?', uk: 'Щось іще?' },
        },
      ],
    },
  ],
  endings: [
    { id: 'thanks', title: { en: 'Thank you!', uk: 'Дякуємо!' } },
    {
      id: 'promoter',
      title: { en: 'Thank you, glad you like us!', uk: 'Дякуємо, раді, що вам подобається!' },
    },
  ],
}

export async function surveyWorkspace(db: Db) {
  const org = await createOrganization(db, 'Org')
  const workspaceId = (await createWorkspace(db, org.id, 'Shop')).id
  const [customer] = await db.query<{
    id: string
  }>(sql`insert into customers (workspace_id, external_id, name, language)
    values (${workspaceId}, 'C-1', 'Olena', 'uk') returning id`)
  return { workspaceId, customerId: customer!.id }
}

/** An active survey made from a template, named after it (or `name`): its id, touchpoint and NPS kind. */
export async function templateSurvey(
  db: Db,
  workspaceId: string,
  template: SurveyTemplate,
  name = template.key,
) {
  const created = await createSurvey(db, workspaceId, {
    name,
    touchpoint: template.touchpoint,
    npsKind: template.npsKind,
    definition: template.definition,
    status: 'active',
  })
  return { id: created.id, touchpoint: template.touchpoint, npsKind: template.npsKind }
}
