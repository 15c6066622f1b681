import type { SurveyPageBoot } from '../../../src/surveys/page-boot.js'
import type { Answers } from '../../../src/surveys/survey-path.js'
import { storage } from './storage.js'

/** What this browser keeps of an anonymous response between visits. */
export interface StoredResponse {
  clientId: string
  continuationSecret?: string
  answers: Answers
}

/** The response being answered: who it is to the server, and the answers given so far. */
export interface ResponseIdentity {
  clientId: string
  continuationSecret: string
  answers: Answers
}

/** Where an anonymous response is kept in this browser; none for a personal link or a preview. */
export function responseStoreKey(boot: Pick<SurveyPageBoot, 'submitUrl' | 'saved'>): string | null {
  return boot.submitUrl && !boot.saved ? `rapport:${boot.submitUrl}` : null
}

/**
 * Continues what the server saved (a personal link) or what this browser stored, else starts afresh.
 * Only this browser can continue its anonymous response: the server keeps the secret's hash. A response
 * stored before secrets existed cannot be continued, so it starts again under a new clientId.
 */
export function resumeResponse(
  stored: StoredResponse | null,
  saved: SurveyPageBoot['saved'],
  newClientId: string,
  newSecret: string,
): ResponseIdentity {
  const resumable = stored?.continuationSecret ? stored : null
  return {
    clientId: saved?.clientId ?? resumable?.clientId ?? newClientId,
    continuationSecret: resumable?.continuationSecret ?? newSecret,
    answers: { ...(stored?.answers ?? {}), ...(saved?.answers ?? {}) },
  }
}

/** A URL-safe random secret of 24 bytes. */
export function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

/** Runs tasks one after another in the order given; a failed task does not stop the ones queued after it. */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let pending: Promise<unknown> = Promise.resolve()
  return (task) => {
    const run = pending.then(task)
    pending = run.catch(() => undefined)
    return run
  }
}

export type SaveAnswers = (partial: Answers, complete?: boolean) => Promise<{ ending: string | null } | null>

/**
 * Saves answers as they are given, one request after another. complete=true sends every answer and
 * returns the ending. A failed save is not retried by itself: the error is shown, and the completing
 * save sends every answer again. `honeypot` reads the trap field; `errorText` is the message of a failed
 * save the server gave none for.
 */
export function createSaveQueue(
  boot: SurveyPageBoot,
  version: number,
  storeKey: string | null,
  identity: ResponseIdentity,
  honeypot: () => string,
  errorText: string,
): SaveAnswers {
  const enqueue = serialQueue()
  return (partial, complete = false) => {
    // identity.answers is the page's live record of every answer given.
    if (storeKey) storage.set(storeKey, JSON.stringify(identity))
    const url = boot.submitUrl
    if (!url) return Promise.resolve(null)
    const body = JSON.stringify({
      ...identity,
      answers: partial,
      version,
      language: boot.language,
      hidden: boot.hidden,
      complete,
      mode: boot.mode,
      website: honeypot() || undefined,
    })
    return enqueue(async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      if (!response.ok) {
        const failure = (await response.json().catch(() => null)) as { error?: { message?: string } } | null
        throw new Error(failure?.error?.message ?? errorText)
      }
      return (await response.json()) as { ending: string | null }
    })
  }
}
