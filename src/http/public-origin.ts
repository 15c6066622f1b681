import type { Context } from 'hono'
import type { Config } from '../config.js'
import type { AppEnv } from './app-env.js'

type OriginConfig = Pick<Config, 'RAPPORT_PUBLIC_URL' | 'RAPPORT_ALLOWED_HOSTS' | 'HOST' | 'PORT'>

/** Where this server listens, as a browser would reach it (0.0.0.0 and :: mean this machine). */
export function listenOrigin(config: Pick<Config, 'HOST' | 'PORT'>): string {
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`
}

/**
 * The origin for links people are given (personal links, QR codes, webhook and widget URLs):
 * RAPPORT_PUBLIC_URL, else the request's host only when RAPPORT_ALLOWED_HOSTS names it, else the listen
 * address. Never a Host header on its own: a stranger chooses it.
 * @example publicOrigin({ RAPPORT_PUBLIC_URL: 'https://cx.example.com/', ... }, url) // 'https://cx.example.com'
 */
export function publicOrigin(config: OriginConfig, requestUrl: string): string {
  if (config.RAPPORT_PUBLIC_URL) return config.RAPPORT_PUBLIC_URL.replace(/\/+$/, '')
  const request = new URL(requestUrl)
  if (config.RAPPORT_ALLOWED_HOSTS.includes(request.host.toLowerCase())) return request.origin
  return listenOrigin(config)
}

/** publicOrigin for the request being handled. */
export function requestPublicOrigin(c: Context<AppEnv>): string {
  return publicOrigin(c.var.config, c.req.url)
}
