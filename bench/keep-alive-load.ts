import { connect, type Socket } from 'node:net'

export interface LoadRequest {
  path: string
  body: string
}

export interface LoadResult {
  requests: number
  /** Responses by status code. */
  statuses: Map<number, number>
  /** Milliseconds from writing a request to its response's last byte. */
  latency: { p50: number; p99: number; max: number }
  seconds: number
}

const headerEnd = Buffer.from('\r\n\r\n')
const contentLength = /\r\ncontent-length:\s*(\d+)/i

/**
 * POSTs `total` JSON requests over `connections` keep-alive HTTP/1.1 sockets, one request in flight on each, and
 * times them. A client of a few lines on raw sockets: its CPU shares the machine with the server it measures, and
 * autocannon spent about a quarter of a millisecond per request building and parsing.
 */
export async function runKeepAliveLoad(options: {
  url: string
  headers: Record<string, string>
  connections: number
  total: number
  request: (k: number) => LoadRequest
  onResponse: (k: number, status: number) => void
}): Promise<LoadResult> {
  const { hostname, port, host } = new URL(options.url)
  const fixedHeaders = Object.entries({ host, ...options.headers, 'content-type': 'application/json' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  const latencies = new Float64Array(options.total)
  const statuses = new Map<number, number>()
  let next = 0
  const started = performance.now()

  const requestOf = (k: number) => {
    const { path, body } = options.request(k)
    return `POST ${path} HTTP/1.1\r\n${fixedHeaders}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  }

  const runConnection = (socket: Socket) =>
    new Promise<void>((resolve, reject) => {
      let k = -1
      let sentAt = 0
      let pending: Buffer = Buffer.alloc(0)
      const send = () => {
        if (next >= options.total) {
          socket.end()
          resolve()
          return
        }
        k = next++
        sentAt = performance.now()
        socket.write(requestOf(k))
      }
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
        const end = pending.indexOf(headerEnd)
        if (end < 0) return
        const head = pending.toString('latin1', 0, end)
        const length = Number(contentLength.exec(head)?.[1] ?? Number.NaN)
        if (Number.isNaN(length)) {
          reject(new Error(`a response without content-length: ${head}`))
          return
        }
        if (pending.length < end + 4 + length) return
        pending = pending.subarray(end + 4 + length)
        latencies[k] = performance.now() - sentAt
        const status = Number(head.slice(9, 12))
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        options.onResponse(k, status)
        send()
      })
      socket.on('error', reject)
      socket.on('close', () => {
        if (next < options.total || pending.length > 0) reject(new Error('the server closed a connection'))
      })
      send()
    })

  await Promise.all(
    Array.from(
      { length: options.connections },
      () =>
        new Promise<void>((resolve, reject) => {
          const socket = connect({ host: hostname, port: Number(port), noDelay: true }, () =>
            runConnection(socket).then(resolve, reject),
          )
          socket.once('error', reject)
        }),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const sorted = latencies.sort()
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0)
  return {
    requests: options.total,
    statuses,
    latency: { p50: at(0.5), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) },
    seconds,
  }
}
