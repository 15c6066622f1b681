import nodemailer, { type Transporter } from 'nodemailer'

export interface OutgoingEmail {
  /** Overrides the mailer's From address (a workspace's own). */
  from?: string
  to: string
  subject: string
  html: string
  text: string
  headers?: Record<string, string>
}

/** Sends one message; resolves with its Message-ID. */
export type Mailer = (message: OutgoingEmail) => Promise<string>

/** A mailer over SMTP_URL (smtp://user:pass@host:port, smtps://… for TLS); one pooled connection set. */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl)
  return async (message) => {
    const info = await transport.sendMail({ from, ...message })
    return info.messageId
  }
}

/** Without SMTP_URL, e-mail jobs fail (and retry) with a message that says what to set. */
export const missingSmtpMailer: Mailer = async () => {
  throw new Error('SMTP_URL is not set: survey e-mails cannot be sent')
}
