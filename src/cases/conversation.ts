import type { UnitAccess } from '../access/unit-scope.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { DomainError } from '../errors/domain-error.js'
import { type CaseRow, getCase, recordInbound, recordReply } from './cases.js'
import { recordOutreachReply } from './outreach.js'
import { parseInbound, parseReplyAddress, renderReply, replyAddress, type SendReply } from './reply-email.js'
import { getInboundToken } from './settings.js'

/**
 * Sends a reply to the case's customer by e-mail, threaded on the earlier messages, with a Reply-To that brings
 * their answer back onto the case; then records it (the first reply stops the first-reply clock).
 */
export async function sendCaseReply(
  db: Db,
  access: UnitAccess,
  actorUserId: string | null,
  caseId: string,
  body: string,
  mail: { send: SendReply; inboundDomain: string },
): Promise<CaseRow> {
  const k = await getCase(db, access, caseId)
  if (!k) throw new DomainError('not_found', 'case not found', 'caseId')
  if (!k.customerEmail) throw new DomainError('invalid', 'the customer has no e-mail address', 'channel')
  const [token] = await db.query<{ t: string }>(
    sql`select reply_token as t from cases where id = ${caseId}::uuid`,
  )
  const message = renderReply({ number: k.number, body, language: k.language })
  const thread = k.events
    .map((e) => e.details.messageId)
    .filter((id): id is string => typeof id === 'string' && id.length > 0)
  const headers: Record<string, string> = {
    'Reply-To': replyAddress(token!.t, await getInboundToken(db, access.workspaceId), mail.inboundDomain),
  }
  if (thread.length > 0) {
    headers['In-Reply-To'] = thread.at(-1)!
    headers.References = thread.join(' ')
  }
  const messageId = await mail.send({ to: k.customerEmail, ...message, headers })
  return recordReply(db, access, actorUserId, caseId, { body, channel: 'email', messageId })
}

/**
 * Puts an inbound e-mail (raw MIME) on its case: the reply address names the case and the workspace, and the
 * workspace's token must match (and the relay's, when it came through one). An answer to an outreach message
 * marks it replied (caseId null). Undefined when it is not ours.
 */
export async function receiveInboundEmail(
  db: Db,
  raw: string | Buffer,
  relayToken?: string,
): Promise<{ caseId: string | null } | undefined> {
  const mail = await parseInbound(raw)
  for (const to of mail.to) {
    const tokens = parseReplyAddress(to)
    if (!tokens || (relayToken && tokens.workspaceToken !== relayToken)) continue
    const [owner] = await db.query<{ ok: boolean }>(sql`select true as ok from cases k
      join case_settings s on s.workspace_id = k.workspace_id
      where k.reply_token = ${tokens.caseToken} and s.inbound_token = ${tokens.workspaceToken}`)
    // Not a case's: an answer to an outreach message (its outcome "replied"), or nobody's.
    if (!owner) {
      if (await recordOutreachReply(db, tokens.caseToken, tokens.workspaceToken)) return { caseId: null }
      continue
    }
    const result = await recordInbound(db, tokens.caseToken, {
      from: mail.from,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
    })
    if (result) return { caseId: result.caseId }
  }
  return undefined
}
