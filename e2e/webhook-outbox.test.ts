import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { startServerProcess } from '../bench/server-process.js'
import { verifySignature } from '../src/cases/webhooks.js'
import { migratedDataDir } from '../src/db/test-db.js'
import { setUpOwner } from './set-up-owner.js'

// The outbox across a crash: a case is opened (its case.opened event queued in the same transaction) while the
// receiver is down, the server is killed with SIGKILL before it could deliver, and after a restart the
// receiver, now up on loopback, gets the event exactly once, signed.

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

test('an event queued before a SIGKILL is delivered once after the restart, with a valid signature', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'rapport-outbox-'))
  await migratedDataDir(dataDir)
  const receiverPort = await freePort()
  let server = await startServerProcess({ RAPPORT_DATA_DIR: dataDir, RAPPORT_WEBHOOK_ALLOW_PRIVATE: 'true' })
  let receiver: Server | undefined
  try {
    const me = await setUpOwner(server.url, {
      organizationName: 'Outbox',
      workspaceName: 'Outbox shop',
      name: 'Olena Owner',
      email: 'owner@outbox.test',
      password: 'a long crash password 42',
    })
    const headers = {
      'content-type': 'application/json',
      cookie: me.cookie,
      'x-csrf-token': me.csrfToken,
    }
    const api = `/api/v1/workspaces/${me.workspaces[0]!.id}`
    const endpoint = await fetch(`${server.url}${api}/webhook-endpoints`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: `http://127.0.0.1:${receiverPort}/hooks`, events: ['case.opened'] }),
    })
    expect(endpoint.status).toBe(201)
    const { id: endpointId, secret } = (await endpoint.json()) as { id: string; secret: string }
    const opened = await fetch(`${server.url}${api}/cases`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ subject: 'Parcel lost', priority: 'urgent' }),
    })
    expect(opened.status).toBe(201)
    const { id: caseId } = (await opened.json()) as { id: string }
    // Killed at once: whatever the worker tried in the meantime met a closed port, so nothing was delivered.
    await server.kill()

    const received: { body: string; signature: string; eventId: string }[] = []
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      req.on('end', () => {
        received.push({
          body,
          signature: String(req.headers['rapport-signature']),
          eventId: String(req.headers['rapport-event-id']),
        })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((resolve) => receiver!.listen(receiverPort, '127.0.0.1', resolve))
    server = await startServerProcess(
      { RAPPORT_DATA_DIR: dataDir, RAPPORT_WEBHOOK_ALLOW_PRIVATE: 'true' },
      server.port,
    )

    const until = Date.now() + 30_000
    while (received.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
    // Marked delivered, the event has no retry ahead of it: only a second claim of the same row could post it
    // again, and the worker claims due rows every second, so a little longer than that is enough to see one.
    let log: { items: { status: string; attempts: number }[] } = { items: [] }
    while (log.items[0]?.status !== 'delivered' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100))
      const deliveries = await fetch(`${server.url}${api}/webhook-endpoints/${endpointId}/deliveries`, {
        headers,
      })
      log = (await deliveries.json()) as typeof log
    }
    expect(log.items.map((d) => d.status)).toEqual(['delivered'])
    await new Promise((r) => setTimeout(r, 1_500))
    expect(received).toHaveLength(1)
    const event = JSON.parse(received[0]!.body) as { id: string; type: string; data: { id: string } }
    expect(event.type).toBe('case.opened')
    expect(event.data.id).toBe(caseId)
    expect(received[0]!.eventId).toBe(event.id)
    expect(verifySignature(secret, received[0]!.body, received[0]!.signature)).toBe(true)
  } finally {
    await server.kill()
    if (receiver) await new Promise<void>((resolve) => receiver!.close(() => resolve()))
    await rm(dataDir, { recursive: true, force: true })
  }
}, 180_000)
