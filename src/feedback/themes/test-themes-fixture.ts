import { createOrganization, createWorkspace } from '../../access/workspaces.js'
import type { Db } from '../../db/db.js'
import { sql } from '../../db/sql.js'
import { createSurvey } from '../../surveys/surveys.js'

// Test support: a workspace with one survey (NPS and a comment) and responses written as they are stored.

const t = (en: string) => ({ en })

export const commentSurveyDefinition = {
  defaultLanguage: 'en',
  languages: ['en'],
  title: t('Your order'),
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'nps', type: 'nps', text: t('Recommend?') },
        { id: 'reason', type: 'text', text: t('Why?'), required: false },
      ],
    },
  ],
  endings: [{ id: 'thanks', title: t('Thanks') }],
}

/** A new workspace whose delivery survey holds these [language, NPS, comment] answers, one a day from 1 March 2026. */
export async function workspaceWithComments(
  db: Db,
  comments: readonly (readonly [string, number, string])[],
): Promise<{ workspaceId: string; surveyId: string }> {
  const org = await createOrganization(db, 'Org')
  const workspaceId = (await createWorkspace(db, org.id, 'Shop')).id
  return { workspaceId, surveyId: await addCommentSurvey(db, workspaceId, comments) }
}

/** A delivery survey in the workspace with these [language, NPS, comment] answers; returns the survey id. */
export async function addCommentSurvey(
  db: Db,
  workspaceId: string,
  comments: readonly (readonly [string, number, string])[],
): Promise<string> {
  const survey = await createSurvey(db, workspaceId, {
    name: 'After delivery',
    touchpoint: 'delivery',
    npsKind: 'transactional',
    definition: commentSurveyDefinition,
    status: 'active',
  })
  let i = 0
  for (const [language, nps, text] of comments) {
    i++
    const at = new Date(Date.UTC(2026, 2, i, 10))
    await db.query(sql`insert into responses (workspace_id, survey_id, survey_version, client_id, language,
        channel, touchpoint, nps_kind, answers, started_at, updated_at, completed_at)
      values (${workspaceId}, ${survey.id}, 1, ${`c-${i}`}, ${language}, 'link', 'delivery', 'transactional',
        ${JSON.stringify({ nps, reason: text })}::jsonb, ${at}, ${at}, ${at})`)
  }
  return survey.id
}
