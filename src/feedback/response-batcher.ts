import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import type { ResponseTarget, SavedResponse, Submission } from './responses.js'

interface Item {
  target: ResponseTarget
  submission: Submission
  resolve: (saved: SavedResponse) => void
  reject: (error: unknown) => void
}

/**
 * Writes anonymous-link responses that arrive together in one statement (and one commit): under load,
 * requests queue while a write is in flight and go in the next one, so the database commits a batch
 * instead of one row at a time; alone, a request is written at once. Each caller's promise resolves only
 * after its row is committed. Personal-link responses (which also move the invitation) don't come here.
 */
export class ResponseBatcher {
  private queue: Item[] = []
  private inFlight = 0

  constructor(
    private readonly db: Db,
    private readonly options: { maxBatch: number; maxInFlight: number } = { maxBatch: 500, maxInFlight: 3 },
  ) {}

  save(target: ResponseTarget, submission: Submission): Promise<SavedResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ target, submission, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      // The same response twice in one statement would be a conflict with itself: the later waits a turn.
      const batch: Item[] = []
      const rest: Item[] = []
      const keys = new Set<string>()
      for (const item of this.queue) {
        const key = `${item.target.surveyId}/${item.submission.clientId}`
        if (batch.length < this.options.maxBatch && !keys.has(key)) {
          keys.add(key)
          batch.push(item)
        } else rest.push(item)
      }
      this.queue = rest
      this.inFlight += 1
      this.write(batch)
        .catch((error) => (batch.length === 1 ? batch[0]?.reject(error) : this.writeEach(batch)))
        .finally(() => {
          this.inFlight -= 1
          this.pump()
        })
    }
  }

  /**
   * The statement failed as a whole (answers from several workspaces share it): each item is written alone,
   * so that only the one the database refuses fails and the others are stored.
   */
  private async writeEach(batch: Item[]): Promise<void> {
    await Promise.all(batch.map((item) => this.write([item]).catch((error) => item.reject(error))))
  }

  private async write(batch: Item[]): Promise<void> {
    const col = <T>(f: (item: Item) => T) => batch.map(f)
    const rows = await this.db.query<{
      id: string
      surveyId: string
      clientId: string
      completed: boolean
    }>(sql`
      insert into responses as r (workspace_id, survey_id, survey_version, client_id, language, channel, touchpoint,
        nps_kind, answers, hidden, ending, completed_at, continuation_hash)
      select ws, sv, ver, cid, lang, ch, tp, nk, ans, hid, ending, case when done then now() end, secret
      from unnest(${col((i) => i.target.workspaceId)}::uuid[], ${col((i) => i.target.surveyId)}::uuid[],
        ${col((i) => i.target.version)}::int[], ${col((i) => i.submission.clientId)}::text[],
        ${col((i) => i.submission.language)}::text[], ${col((i) => i.target.channel)}::text[],
        ${col((i) => i.target.touchpoint)}::text[], ${col((i) => i.target.npsKind)}::text[],
        ${col((i) => JSON.stringify(i.submission.answers))}::jsonb[], ${col((i) => JSON.stringify(i.submission.hidden))}::jsonb[],
        ${col((i) => i.submission.ending)}::text[], ${col((i) => i.submission.complete)}::boolean[],
        ${col((i) => i.submission.continuationHash ?? null)}::text[])
        as t(ws, sv, ver, cid, lang, ch, tp, nk, ans, hid, ending, done, secret)
      on conflict (survey_id, client_id) do update set answers = r.answers || excluded.answers,
        hidden = r.hidden || excluded.hidden, language = excluded.language, ending = excluded.ending,
        completed_at = excluded.completed_at, updated_at = now()
      where r.completed_at is null and r.continuation_hash is not distinct from excluded.continuation_hash
      returning r.id, r.survey_id as "surveyId", r.client_id as "clientId", r.completed_at is not null as completed`)
    const saved = new Map(rows.map((r) => [`${r.surveyId}/${r.clientId}`, r]))
    const unsaved = batch.filter((i) => !saved.has(`${i.target.surveyId}/${i.submission.clientId}`))
    if (unsaved.length > 0) {
      // Already completed before: the stored response stands, and the retry is told so.
      const stored = await this.db.query<{
        id: string
        surveyId: string
        clientId: string
        completed: boolean
      }>(sql`
        select r.id, r.survey_id as "surveyId", r.client_id as "clientId", r.completed_at is not null as completed
        from responses r join unnest(${unsaved.map((i) => i.target.surveyId)}::uuid[],
          ${unsaved.map((i) => i.submission.clientId)}::text[]) as k(sv, cid) on r.survey_id = k.sv and r.client_id = k.cid`)
      for (const r of stored) saved.set(`${r.surveyId}/${r.clientId}`, r)
    }
    for (const item of batch) {
      const row = saved.get(`${item.target.surveyId}/${item.submission.clientId}`)
      if (row) item.resolve({ id: row.id, completed: row.completed })
      else item.reject(new Error('response vanished during save'))
    }
  }
}
