import { allQuestions, type Language, localize, type SurveyDefinition, scaleOf } from '../definition.js'
import { surveyPageUrl } from '../invitations.js'
import { emailTexts } from './email-texts.js'

export interface InvitationEmailInput {
  definition: SurveyDefinition
  language: Language
  customerName: string | null
  baseUrl: string
  token: string
  /** 0 for the invitation, 1 or 2 for reminders. */
  reminder: number
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
  /** The one-click unsubscribe target (List-Unsubscribe). */
  unsubscribeUrl: string
  scoreLinks: { score: number; url: string }[]
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  )

/** The link that leaves one survey (scope survey) or all surveys (scope all); it asks before acting. */
export function unsubscribeUrl(baseUrl: string, token: string, scope: 'survey' | 'all'): string {
  return `${baseUrl.replace(/\/$/, '')}/unsubscribe/${token}?scope=${scope}`
}

/**
 * An invitation e-mail with the survey's first question in it: a scale question becomes a row of score
 * links (each opens the survey page with the score preselected, saved only once confirmed there); any
 * other question, a button to start. Every message ends with the two unsubscribe links.
 */
export function renderInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const { definition, language, baseUrl, token } = input
  const t = emailTexts[language]
  const fallback = definition.defaultLanguage
  const title = localize(definition.title, language, fallback)
  const [first] = allQuestions(definition)
  if (first === undefined) throw new Error('an invitation needs a survey with a question')
  const question = localize(first.text, language, fallback)
  const scale = first.type === 'battery' ? undefined : scaleOf(first)
  const pageUrl = surveyPageUrl({ baseUrl, token, lang: language })
  const scoreLinks = scale
    ? Array.from({ length: scale[1] - scale[0] + 1 }, (_, i) => scale[0] + i).map((score) => ({
        score,
        url: surveyPageUrl({ baseUrl, token, lang: language, score }),
      }))
    : []
  const minLabel = 'minLabel' in first ? localize(first.minLabel, language, fallback) : ''
  const maxLabel = 'maxLabel' in first ? localize(first.maxLabel, language, fallback) : ''
  const low = minLabel || (first.type === 'nps' ? t.notLikely : '')
  const high = maxLabel || (first.type === 'nps' ? t.veryLikely : '')
  const leaveSurvey = unsubscribeUrl(baseUrl, token, 'survey')
  const leaveAll = unsubscribeUrl(baseUrl, token, 'all')
  const intro = input.reminder > 0 ? t.reminderIntro : t.intro
  const subject = (input.reminder > 0 ? t.reminderSubject : t.subject).replace('{title}', title)

  const cells = scoreLinks
    .map(
      (l) =>
        `<td style="padding:2px"><a href="${escapeHtml(l.url)}" data-score="${l.score}" style="display:inline-block;min-width:28px;padding:8px 4px;text-align:center;border:1px solid #c7cdd6;border-radius:4px;color:#1f2937;text-decoration:none;font-weight:600">${l.score}</a></td>`,
    )
    .join('')
  const scaleHtml = scoreLinks.length
    ? `<table role="presentation" cellspacing="0" cellpadding="0"><tr>${cells}</tr></table>
<table role="presentation" width="100%"><tr><td style="font-size:12px;color:#6b7280">${escapeHtml(low)}</td><td style="font-size:12px;color:#6b7280;text-align:right">${escapeHtml(high)}</td></tr></table>
<p style="font-size:12px;color:#6b7280">${escapeHtml(t.scaleHint)}</p>`
    : `<p><a href="${escapeHtml(pageUrl)}" style="display:inline-block;padding:10px 18px;background:#2563eb;color:#fff;border-radius:4px;text-decoration:none">${escapeHtml(t.start)}</a></p>`
  const html = `<!doctype html><html lang="${language}"><body style="font-family:Arial,sans-serif;color:#1f2937;max-width:600px">
<p>${escapeHtml(t.greeting(input.customerName))}</p>
<p>${escapeHtml(intro)}</p>
<h2 style="font-size:18px">${escapeHtml(question)}</h2>
${scaleHtml}
<hr style="border:none;border-top:1px solid #e5e7eb">
<p style="font-size:12px;color:#6b7280">${escapeHtml(t.why)}<br>
<a href="${escapeHtml(leaveSurvey)}" style="color:#6b7280">${escapeHtml(t.unsubscribeSurvey)}</a> · <a href="${escapeHtml(leaveAll)}" style="color:#6b7280">${escapeHtml(t.unsubscribeAll)}</a></p>
</body></html>`
  const text = [
    t.greeting(input.customerName),
    '',
    intro,
    '',
    question,
    ...(scoreLinks.length
      ? [
          low && high ? `(${scale![0]} = ${low}, ${scale![1]} = ${high})` : '',
          ...scoreLinks.map((l) => `${l.score}: ${l.url}`),
          t.scaleHint,
        ]
      : [`${t.start}: ${pageUrl}`]),
    '',
    '--',
    t.why,
    `${t.unsubscribeSurvey}: ${leaveSurvey}`,
    `${t.unsubscribeAll}: ${leaveAll}`,
  ].join('\n')
  return { subject, html, text, unsubscribeUrl: leaveAll, scoreLinks }
}
