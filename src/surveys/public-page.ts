import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Context, Hono } from 'hono'
import { authorizeWorkspace } from '../access/authenticate.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { sql } from '../db/sql.js'
import type { AppEnv } from '../http/app-env.js'
import { setPagePolicy } from '../http/security-headers.js'
import { acceptedLanguages } from './accept-language.js'
import { type Language, pickLanguage, type SurveyDefinition } from './definition.js'
import { invitationResponse, verifyInvitationToken } from './invitations.js'
import { localizeSurvey, type SurveyPageBoot } from './page-boot.js'
import { pageTexts } from './page-texts.js'
import { cachedSurveyBySlug, cachedVersion } from './survey-cache.js'
import { getSurvey, type Survey, takesAnswers } from './surveys.js'

/**
 * The public survey pages, served by the same server with no login: `/s/<slug>` (anonymous link),
 * `/s/i/<token>` (personal link) and `/s/preview/<workspace>/<survey>` (the builder's preview).
 * Query: `lang`, `mode=conversation`, `score=N` (preselects the first question), hidden fields by name.
 */
export function publicSurveyPages(app: Hono<AppEnv>, options: { webDir: string }): void {
  const template = pageTemplate(options.webDir)

  app.get('/s/i/:token', async (c) => {
    const db = c.var.db
    const invitation = await verifyInvitationToken(db, c.req.param('token'))
    if (!invitation) return render(c, template, closedBoot('not_found', browserLanguage(c)), 404)
    const survey = await getSurvey(db, invitation.workspaceId, invitation.surveyId)
    if (!survey) return render(c, template, closedBoot('not_found', browserLanguage(c)), 404)
    const [customer] = invitation.customerId
      ? await db.query<{ language: string | null }>(
          sql`select language from customers where id = ${invitation.customerId}`,
        )
      : []
    const wanted = [
      invitation.language ?? customer?.language,
      c.req.query('lang'),
      ...acceptedLanguages(c.req.header('accept-language')),
    ]
    const language = pickLanguage(survey.definition, wanted)
    const saved = await invitationResponse(db, invitation.id)
    if (invitation.completedAt || saved?.completed)
      return render(c, template, closedBoot('completed', language))
    if (invitation.status === 'cancelled' || invitation.status === 'suppressed')
      return render(c, template, closedBoot('withdrawn', language), 410)
    if (invitation.expiresAt && invitation.expiresAt.getTime() < Date.now())
      return render(c, template, closedBoot('expired', language), 410)
    if (!takesAnswers(survey)) return render(c, template, closedBoot('closed', language), 410)
    await markOpened(db, invitation.id)
    const boot = openBoot(
      c,
      survey,
      survey.definition,
      language,
      `/api/v1/public/invitations/${c.req.param('token')}/responses`,
    )
    boot.saved = saved ? { clientId: saved.clientId, answers: saved.answers } : null
    boot.hidden = invitation.hidden
    return render(c, template, boot)
  })

  app.get('/s/preview/:workspaceId/:surveyId', async (c) => {
    const access = await authorizeWorkspace(c, c.var.db, c.req.param('workspaceId'), 'read')
    const surveyId = c.req.param('surveyId')
    const survey = isUuid(surveyId) ? await getSurvey(c.var.db, access.workspaceId, surveyId) : undefined
    if (!survey) return render(c, template, closedBoot('not_found', browserLanguage(c)), 404)
    const language = pickLanguage(survey.definition, [c.req.query('lang')])
    const boot = openBoot(c, survey, survey.definition, language, null)
    boot.preview = true
    return render(c, template, boot)
  })

  app.get('/s/:slug', async (c) => {
    const survey = await cachedSurveyBySlug(c.var.db, c.req.param('slug'))
    const version =
      survey?.anonymousLink &&
      survey.status !== 'draft' &&
      (await cachedVersion(c.var.db, survey.id, survey.currentVersion))
    if (!survey || !version) return render(c, template, closedBoot('not_found', browserLanguage(c)), 404)
    const language = pickLanguage(version.definition, [
      c.req.query('lang'),
      ...acceptedLanguages(c.req.header('accept-language')),
    ])
    if (!takesAnswers(survey)) return render(c, template, closedBoot('closed', language), 410)
    const boot = openBoot(
      c,
      survey,
      version.definition,
      language,
      `/api/v1/public/surveys/${survey.slug}/responses`,
    )
    for (const field of version.definition.hiddenFields) {
      const value = c.req.query(field)
      if (value) boot.hidden[field] = value.slice(0, 500)
    }
    return render(c, template, boot)
  })
}

function browserLanguage(c: Context): Language {
  const wanted = [c.req.query('lang'), ...acceptedLanguages(c.req.header('accept-language'))]
  for (const w of wanted) {
    const code = w?.slice(0, 2)
    if (code && code in pageTexts) return code as Language
  }
  return 'en'
}

function closedBoot(state: SurveyPageBoot['state'], language: Language): SurveyPageBoot {
  return {
    state,
    language,
    texts: pageTexts[language],
    mode: 'page',
    preview: false,
    submitUrl: null,
    survey: null,
    saved: null,
    hidden: {},
    preselect: null,
  }
}

function openBoot(
  c: Context,
  survey: Survey,
  definition: SurveyDefinition,
  language: Language,
  submitUrl: string | null,
): SurveyPageBoot {
  const page = localizeSurvey(definition, survey.currentVersion, language)
  const first = page.pages[0]?.questions[0]
  const score = Number(c.req.query('score'))
  const preselect =
    c.req.query('score') !== undefined &&
    Number.isInteger(score) &&
    first?.min !== undefined &&
    first.type !== 'battery'
      ? score >= first.min && score <= first.max!
        ? { question: first.id, score }
        : null
      : null
  return {
    ...closedBoot('open', language),
    mode: c.req.query('mode') === 'conversation' ? 'conversation' : 'page',
    submitUrl,
    survey: page,
    preselect,
  }
}

async function markOpened(db: Db, invitationId: string): Promise<void> {
  await db.query(sql`update invitations set opened_at = coalesce(opened_at, now()),
      status = case when status in ('pending', 'sent') then 'opened' else status end
    where id = ${invitationId}`)
}

function pageTemplate(webDir: string): () => string {
  let cached: string | undefined
  return () => {
    if (cached) return cached
    const file = join(webDir, 'survey.html')
    // Without a built page (unit tests, `npm run dev` before a build) the boot data still renders.
    if (!existsSync(file))
      return '<!doctype html><html><head><meta charset="utf-8"><title>Survey</title></head><body><main id="survey"></main></body></html>'
    cached = readFileSync(file, 'utf8')
    return cached
  }
}

function render(
  c: Context,
  template: () => string,
  boot: SurveyPageBoot,
  status: 200 | 404 | 410 = 200,
): Response {
  // JSON inside <script>: only "<" can end the element early.
  const json = JSON.stringify(boot).replace(/</g, '\\u003c')
  const title = escapeHtml(boot.survey?.title ?? boot.texts.notFound)
  const html = template()
    .replace('<html lang="en">', `<html lang="${boot.language}">`)
    .replace(/<title>[^<]*<\/title>/, `<title>${title}</title>`)
    .replace('</head>', `<script id="survey-boot" type="application/json">${json}</script></head>`)
  c.header('cache-control', 'no-store')
  c.header('referrer-policy', 'no-referrer')
  setPagePolicy(c, { frameAncestors: framing(c) })
  return c.html(html, status)
}

// The builder previews in a frame of the dashboard; the widget shows conversation mode in a frame of any site.
function framing(c: Context): "'none'" | "'self'" | '*' {
  if (c.req.path.startsWith('/s/preview/')) return "'self'"
  return c.req.query('mode') === 'conversation' ? '*' : "'none'"
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
