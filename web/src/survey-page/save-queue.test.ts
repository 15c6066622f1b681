import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SurveyPageBoot } from '../../../src/surveys/page-boot.js'
import { pageTexts } from '../../../src/surveys/page-texts.js'
import { createSaveQueue, randomSecret, responseStoreKey, resumeResponse, serialQueue } from './save-queue.js'

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('serialQueue', () => {
  test('runs tasks one after another in the order queued, even when an earlier one is slower', async () => {
    const enqueue = serialQueue()
    const log: string[] = []
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`)
      await settle(ms)
      log.push(`end ${name}`)
      return name
    }
    const results = await Promise.all([enqueue(task('a', 20)), enqueue(task('b', 0)), enqueue(task('c', 5))])
    expect(results).toEqual(['a', 'b', 'c'])
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
  })

  test('a failed task rejects its own promise and the next task still runs', async () => {
    const enqueue = serialQueue()
    const failed = enqueue(async () => {
      throw new Error('offline')
    })
    const next = enqueue(async () => 'saved')
    await expect(failed).rejects.toThrow('offline')
    await expect(next).resolves.toBe('saved')
  })
})

describe('resumeResponse', () => {
  const stored = { clientId: 'stored-id', continuationSecret: 'stored-secret', answers: { a: 1, b: 'x' } }

  test('a stored response with its secret continues under its clientId and secret', () => {
    expect(resumeResponse(stored, null, 'new-id', 'new-secret')).toEqual(stored)
  })

  test('a response stored before secrets existed keeps its answers but starts under a new clientId', () => {
    const old = { clientId: 'old-id', answers: { a: 2 } }
    expect(resumeResponse(old, null, 'new-id', 'new-secret')).toEqual({
      clientId: 'new-id',
      continuationSecret: 'new-secret',
      answers: { a: 2 },
    })
  })

  test("a personal link continues the server's clientId, and the server's answers win over stored ones", () => {
    const saved = { clientId: 'server-id', answers: { b: 'y', c: 3 } }
    expect(resumeResponse(stored, saved, 'new-id', 'new-secret')).toEqual({
      clientId: 'server-id',
      continuationSecret: 'stored-secret',
      answers: { a: 1, b: 'y', c: 3 },
    })
  })

  test('nothing stored or saved starts afresh', () => {
    expect(resumeResponse(null, null, 'new-id', 'new-secret')).toEqual({
      clientId: 'new-id',
      continuationSecret: 'new-secret',
      answers: {},
    })
  })
})

test('responseStoreKey keeps anonymous responses only, never a personal link or a preview', () => {
  expect(responseStoreKey({ submitUrl: '/s/abc/responses', saved: null })).toBe('rapport:/s/abc/responses')
  expect(
    responseStoreKey({ submitUrl: '/s/abc/responses', saved: { clientId: 'c', answers: {} } }),
  ).toBeNull()
  expect(responseStoreKey({ submitUrl: null, saved: null })).toBeNull()
})

test('randomSecret gives 32 URL-safe characters, different each time', () => {
  const secrets = new Set(Array.from({ length: 50 }, randomSecret))
  expect(secrets.size).toBe(50)
  for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/)
})

describe('createSaveQueue', () => {
  // A stand-in for the server: answers each POST after the delay its body asks for, or fails it.
  const received: Record<string, unknown>[] = []
  const events: string[] = []
  let server: ReturnType<typeof createServer>
  let url = ''
  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
      let text = ''
      for await (const chunk of request) text += chunk
      const body = JSON.parse(text) as { answers: Record<string, unknown>; complete: boolean }
      received.push(body)
      events.push(`arrived ${received.length}`)
      const answers = body.answers
      const n = received.length
      await settle(typeof answers.delay === 'number' ? answers.delay : 0)
      events.push(`answered ${n}`)
      response.setHeader('content-type', 'application/json')
      if (answers.fail === 'with-message') {
        response.statusCode = 422
        response.end(JSON.stringify({ error: { code: 'invalid', message: 'answers.fail is invalid' } }))
      } else if (answers.fail === 'bare') {
        response.statusCode = 502
        response.end('Bad gateway')
      } else response.end(JSON.stringify({ ending: body.complete ? 'thanks' : null }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/responses`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const boot = (submitUrl: string | null): SurveyPageBoot => ({
    state: 'open',
    language: 'en',
    texts: pageTexts.en,
    mode: 'conversation',
    preview: submitUrl === null,
    submitUrl,
    survey: null,
    saved: null,
    hidden: { source: 'mail' },
    preselect: null,
  })
  const identity = () => ({ clientId: 'client-1', continuationSecret: 'secret-1', answers: {} })

  test('each save posts the identity, the answers given and the page context, one after another', async () => {
    received.length = 0
    events.length = 0
    const save = createSaveQueue(boot(url), 4, null, identity(), () => '', 'Could not save')
    const first = save({ delay: 30 })
    const second = save({ q2: 'b' })
    const done = save({ delay: 30, q2: 'b' }, true)
    await expect(Promise.all([first, second, done])).resolves.toEqual([
      { ending: null },
      { ending: null },
      { ending: 'thanks' },
    ])
    expect(received.map((body) => body.answers)).toEqual([{ delay: 30 }, { q2: 'b' }, { delay: 30, q2: 'b' }])
    expect(events).toEqual(['arrived 1', 'answered 1', 'arrived 2', 'answered 2', 'arrived 3', 'answered 3'])
    expect(received[2]).toEqual({
      clientId: 'client-1',
      continuationSecret: 'secret-1',
      answers: { delay: 30, q2: 'b' },
      version: 4,
      language: 'en',
      hidden: { source: 'mail' },
      complete: true,
      mode: 'conversation',
    })
  })

  test('the honeypot value is sent as website when a bot filled it', async () => {
    received.length = 0
    await createSaveQueue(boot(url), 1, null, identity(), () => 'spam.example', 'x')({ q: 1 })
    expect(received[0]?.website).toBe('spam.example')
  })

  test("a refused save rejects with the server's message, else with the page's, and later saves still go", async () => {
    received.length = 0
    const save = createSaveQueue(boot(url), 1, null, identity(), () => '', 'Could not save')
    const refused = save({ fail: 'with-message' })
    const broken = save({ fail: 'bare' })
    const later = save({ q: 1 })
    await expect(refused).rejects.toThrow('answers.fail is invalid')
    await expect(broken).rejects.toThrow('Could not save')
    await expect(later).resolves.toEqual({ ending: null })
    expect(received).toHaveLength(3)
  })

  test('a preview posts nothing and resolves with no ending', async () => {
    received.length = 0
    await expect(
      createSaveQueue(boot(null), 1, null, identity(), () => '', 'x')({ q: 1 }, true),
    ).resolves.toBeNull()
    expect(received).toHaveLength(0)
  })
})
