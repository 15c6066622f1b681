import { type LookupAddress, lookup } from 'node:dns'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { BlockList, isIP, type LookupFunction } from 'node:net'

// Requests to URLs that users type in (webhook endpoints): a URL must not reach this machine or the private
// network it sits in, neither by its address nor by a name that resolves there.

const privateRanges = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  privateRanges.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  privateRanges.addSubnet(network, prefix, 'ipv6')

/** Whether an address is loopback, private, link-local, shared, reserved or multicast (IPv4-mapped IPv6 too). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return true
  return privateRanges.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

/** Why a URL's host cannot be a public receiver, judged without DNS: a private address or a local-only name. */
export function privateHostReason(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (isIP(host)) return isPrivateAddress(host) ? `${host} is a private or local address` : undefined
  if (host === 'localhost' || /\.(localhost|local|internal|home\.arpa)\.?$/.test(host))
    return `${host} names this machine or a private network`
  return undefined
}

export class OutboundRefused extends Error {}

/**
 * Resolves like dns.lookup, but fails when any address of the name is private. The connection is made to the
 * address checked here, so a name whose answer changes between a check and the request cannot steer it inside.
 */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    const inside = addresses.find((a) => isPrivateAddress(a.address))
    if (inside)
      return callback(
        new OutboundRefused(`${hostname} resolves to ${inside.address}, a private address`),
        '',
        0,
      )
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
    const [first] = addresses
    return first
      ? callback(null, first.address, first.family)
      : callback(new Error(`${hostname}: no address`), '', 0)
  })
}

/**
 * POSTs body to url and answers the status code; redirects are not followed. Unless allowPrivate (tests, or a
 * server whose receivers live on its own network), a private address or a name resolving to one is refused.
 */
export function postOutbound(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number; allowPrivate: boolean },
): Promise<number> {
  const reason = init.allowPrivate ? undefined : privateHostReason(url)
  if (reason) return Promise.reject(new OutboundRefused(reason))
  const target = new URL(url)
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
        signal: AbortSignal.timeout(init.timeoutMs),
        ...(init.allowPrivate ? {} : { lookup: publicLookup }),
      },
      (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      },
    )
    request.on('error', reject)
    request.end(init.body)
  })
}
