import type { Context } from 'hono'
import { stringifyCsv } from './stringify-csv.js'

/**
 * A CSV attachment streamed batch by batch, so that an export of a million rows neither waits for the last
 * row nor holds them all in memory. The first batch is read before answering: a failure there still gets
 * the usual error response; a later one can only cut the download short, and is logged.
 */
export async function csvDownload<T>(
  c: Context,
  filename: string,
  header: readonly string[],
  batches: AsyncIterable<T[]>,
  row: (item: T) => unknown[],
): Promise<Response> {
  const encoder = new TextEncoder()
  const iterator = batches[Symbol.asyncIterator]()
  const first = await iterator.next()
  const chunk = (items: T[]) => encoder.encode(stringifyCsv(items.map(row)))
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(stringifyCsv([header])))
      if (first.done) controller.close()
      else controller.enqueue(chunk(first.value))
    },
    async pull(controller) {
      try {
        const next = await iterator.next()
        if (next.done) controller.close()
        else controller.enqueue(chunk(next.value))
      } catch (error) {
        console.error(error)
        controller.error(error)
      }
    },
    async cancel() {
      await iterator.return?.()
    },
  })
  c.header('content-disposition', `attachment; filename="${filename}"`)
  return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8' })
}
