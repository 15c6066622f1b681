// A reply from a case by e-mail, in the customer's language, and the way the customer's answer comes back:
// the Reply-To address carries the case's reply token and the workspace's inbound token,
// reply+<case token>.<workspace token>@<inbound domain>.

/** One message to send; the composition root passes the workspace's SMTP mailer in. */
export type SendReply = (message: {
  to: string
  subject: string
  text: string
  html: string
  headers: Record<string, string>
}) => Promise<string>

const texts: Record<string, { subject: string; footer: string }> = {
  en: { subject: 'About your feedback', footer: 'Reply to this e-mail to answer us.' },
  uk: { subject: 'Щодо вашого відгуку', footer: 'Відповідайте на цей лист, щоб написати нам.' },
  ru: { subject: 'По поводу вашего отзыва', footer: 'Ответьте на это письмо, чтобы написать нам.' },
  pl: { subject: 'W sprawie Twojej opinii', footer: 'Odpowiedz na tę wiadomość, aby do nas napisać.' },
  lv: { subject: 'Par jūsu atsauksmi', footer: 'Atbildiet uz šo vēstuli, lai mums uzrakstītu.' },
}

/** The reply address of a case. */
export function replyAddress(caseToken: string, workspaceToken: string, domain: string): string {
  return `reply+${caseToken}.${workspaceToken}@${domain}`
}

/** The case and workspace tokens in a reply address, if it is one. */
export function parseReplyAddress(
  address: string,
): { caseToken: string; workspaceToken: string } | undefined {
  const match = /reply\+([a-z0-9]+)\.([a-z0-9_-]+)@/i.exec(address)
  return match ? { caseToken: match[1]!.toLowerCase(), workspaceToken: match[2]!.toLowerCase() } : undefined
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}

/** The e-mail of a reply: subject and footer in the customer's language (English when it has none of ours). */
export function renderReply(input: { number: number; body: string; language: string | null }) {
  const t = texts[input.language?.slice(0, 2) ?? 'en'] ?? texts.en!
  const subject = `${t.subject} [#${input.number}]`
  const text = `${input.body}\n\n—\n${t.footer}\n`
  const html = `<div>${escapeHtml(input.body).replace(/\n/g, '<br>')}</div><p style="color:#666">${escapeHtml(t.footer)}</p>`
  return { subject, text, html }
}

/** The text of an answer without the quoted message below it. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n')
  const end = lines.findIndex(
    (l) => /^>/.test(l) || /^On .+ wrote:$/.test(l.trim()) || /^-{2,}\s*Original Message/i.test(l),
  )
  return (end === -1 ? lines : lines.slice(0, end)).join('\n').trim()
}

/** Reads a raw MIME message: who sent it, to which addresses, its subject, text and Message-ID. */
export async function parseInbound(raw: string | Buffer) {
  // Loaded when a reply arrives: mailparser takes longer to load than the rest of a CLI command's start.
  const { simpleParser } = await import('mailparser')
  const mail = await simpleParser(raw)
  const addresses = (v: typeof mail.to) =>
    (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ''))
  return {
    from: mail.from?.value[0]?.address ?? '',
    to: [...addresses(mail.to), ...addresses(mail.cc)],
    subject: mail.subject ?? '',
    text: stripQuoted(mail.text ?? ''),
    messageId: mail.messageId ?? null,
  }
}
