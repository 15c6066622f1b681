import type { Db } from '../db/db.js'
import { receiveInboundEmail } from './conversation.js'

/**
 * An SMTP receiver for customers' answers (off unless RAPPORT_INBOUND_SMTP_PORT is set): it accepts mail for
 * reply+… addresses only and puts each message on its case. Put it behind the MX of the inbound domain, or use
 * the HTTP relay instead (docs/cases.md).
 */
export async function startInboundSmtp(
  db: Db,
  port: number,
  host: string,
): Promise<{ close(): Promise<void>; port: number }> {
  // Loaded only when the receiver is switched on.
  const { SMTPServer } = await import('smtp-server')
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      if (/^reply\+/i.test(address.address)) callback()
      else callback(new Error('no such mailbox'))
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        receiveInboundEmail(db, Buffer.concat(chunks)).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        )
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.server.address()
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
