import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { sixForcesTemplate } from '../../surveys/templates/battery-templates.js'
import { loyaltyIndexTemplate } from '../../surveys/templates/loyalty-voc-templates.js'
import { relationalNps } from '../../surveys/templates/nps-templates.js'
import type { SurveyTemplate } from '../../surveys/templates/template.js'
import { templateSurvey } from '../../surveys/test-survey.js'

// Test support only.
// Repurchase intent as the outcome, worked by hand. Ten customers rate pleasure p and their intent to buy again;
// half answer the relational NPS template's 0–10 question, half the loyalty index's 1–5 one, which counts as
// (v − 1) × 2.5 on 0–10. On 0–10 the pairs are (1, 0), (2, 5), (3, 2.5), (4, 7.5), (5, 10), each twice:
//   mean p = 3, mean y = 5; Σ dp·dy = 10 + 0 + 0 + 2.5 + 10 = 22.5; Σ dp² = 10; Σ dy² = 25 + 0 + 6.25 + 6.25 + 25 = 62.5
//   r = 22.5 / √(10 × 62.5) = 0.9, so R² = the one driver's weight = 0.81 and its share is 1.
// Read on their raw scales (no stretching), the 1–5 answers would not lie on that line and r would not be 0.9.
export const repurchaseCustomers: { p: number; scale: '0-10' | '1-5'; answer: number }[] = [
  { p: 1, scale: '0-10', answer: 0 },
  { p: 2, scale: '0-10', answer: 5 },
  { p: 3, scale: '1-5', answer: 2 },
  { p: 4, scale: '1-5', answer: 4 },
  { p: 5, scale: '0-10', answer: 10 },
  { p: 1, scale: '1-5', answer: 1 },
  { p: 2, scale: '1-5', answer: 3 },
  { p: 3, scale: '1-5', answer: 2 },
  { p: 4, scale: '1-5', answer: 4 },
  { p: 5, scale: '1-5', answer: 5 },
]

/** The ten hand-worked customers, and one who rated the forces but never their intent, in a workspace. */
export async function seedRepurchaseAnswers(db: Db, workspaceId: string): Promise<void> {
  const survey = (template: SurveyTemplate) => templateSurvey(db, workspaceId, template)
  const forces = await survey(sixForcesTemplate)
  const relational = await survey(relationalNps)
  const loyalty = await survey(loyaltyIndexTemplate)
  const insert = (
    s: { id: string; touchpoint: string; npsKind: string },
    customerId: string,
    answers: object,
    day: number,
  ) =>
    db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, customer_id, language,
        channel, touchpoint, nps_kind, answers, completed_at)
      values (${workspaceId}, ${s.id}, 1, ${`${s.id}-${customerId}-${day}`}, ${customerId}, 'en', 'link',
        ${s.touchpoint}, ${s.npsKind}, ${JSON.stringify(answers)}::jsonb, ${new Date(Date.UTC(2026, 0, day))})`)
  for (const [i, c] of repurchaseCustomers.entries()) {
    const [row] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
      values (${workspaceId}, ${`R-${i}`}) returning id`)
    const id = row!.id
    await insert(forces, id, { forces: { pleasure_1: c.p } }, 5)
    // An older intent the latest replaces, on the other survey.
    await insert(
      c.scale === '0-10' ? loyalty : relational,
      id,
      { repurchase: c.scale === '0-10' ? 5 : 10 },
      1,
    )
    if (c.scale === '0-10') await insert(relational, id, { nps: 10 - c.answer, repurchase: c.answer }, 10)
    else await insert(loyalty, id, { satisfaction: 3, repurchase: c.answer }, 10)
  }
  // A customer who rated the forces and never said whether they would buy again: answered, not complete.
  const [lone] = await db.query<{ id: string }>(sql`insert into customers (workspace_id, external_id)
    values (${workspaceId}, 'R-lone') returning id`)
  await insert(forces, lone!.id, { forces: { pleasure_1: 7 } }, 5)
}
