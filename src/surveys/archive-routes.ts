import { audited } from '../access/audit.js'
import { authorizeWorkspace } from '../access/authenticate.js'
import { isUuid } from '../db/is-uuid.js'
import type { ApiRouter } from '../http/api-router.js'
import { notFound } from '../http/errors.js'
import { paramsWith } from '../http/route-params.js'
import { forgetSurvey } from './survey-cache.js'
import { presentSurvey, surveySchema } from './survey-responses.js'
import { archiveSurvey } from './surveys.js'

/**
 * POST …/surveys/:surveyId/archive and …/restore: an archived survey leaves the active list, its links answer
 * "closed" and its programs invite nobody; a restore brings it back as it was. Both are audited.
 */
export function surveyArchiveRoutes(api: ApiRouter): void {
  for (const [verb, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const)
    api.route(
      {
        method: 'post',
        path: `/workspaces/:workspaceId/surveys/:surveyId/${verb}`,
        tags: ['surveys'],
        params: paramsWith('surveyId'),
        summary: archived
          ? 'Archive a survey: out of the list, closed to answers and invitations (its status is kept)'
          : 'Restore an archived survey to the list, with the status it had',
        response: surveySchema,
      },
      async (c, { params }) => {
        const access = await authorizeWorkspace(c, c.var.db, params.workspaceId, 'write')
        if (!isUuid(params.surveyId)) throw notFound('survey')
        const surveyId = params.surveyId
        const survey = await audited(
          c.var.db,
          async (tx) => {
            const changed = await archiveSurvey(tx, access.workspaceId, surveyId, archived)
            if (!changed) throw notFound('survey')
            return changed
          },
          { ...access, action: `survey.${verb}`, entityType: 'survey', entityId: surveyId },
        )
        forgetSurvey(survey.slug)
        return c.json(presentSurvey(survey))
      },
    )
}
