import QRCode from 'qrcode'
import { describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import type { Db } from '../db/db.js'
import { pgliteTestDb } from '../db/test-db.js'
import { createSurvey } from '../surveys/surveys.js'
import { npsDefinition } from '../surveys/test-survey.js'
import { createApp } from './app.js'
import { setUp } from './test-client.js'

// Links handed to customers and shops (personal links, QR codes, webhook and widget URLs) never take
// their host from the request: a lying Host header must not turn them into links to an attacker's site.

const lying = 'http://attacker.example'

/** The links one first-run server hands out; its database is closed again, for the next call to reuse. */
async function linksServedWith(env: Record<string, string>, requestOrigin = lying) {
  const db = await pgliteTestDb()
  try {
    return await readLinks(db, env, requestOrigin)
  } finally {
    await db.close()
  }
}

async function readLinks(db: Db, env: Record<string, string>, requestOrigin: string) {
  const app = createApp({ db, config: loadConfig(env), webDir: '/nonexistent' })
  const { owner, workspaceId: ws } = await setUp(app)
  const survey = await createSurvey(db, ws, {
    name: 'Links',
    touchpoint: 'support',
    npsKind: 'transactional',
    definition: npsDefinition,
    status: 'active',
  })
  const at = (path: string) => `${requestOrigin}${path}`
  const headers = { host: new URL(requestOrigin).host }
  const read = async (method: string, path: string, body?: unknown) =>
    (await owner.request(method, at(path), body, headers)).text()
  return {
    slug: survey.slug,
    invitation: await read('POST', `/api/v1/workspaces/${ws}/surveys/${survey.id}/invitations`, {}),
    qr: await read('GET', `/api/v1/workspaces/${ws}/surveys/${survey.id}/qr.svg`),
    webhookSource: await read('POST', `/api/v1/workspaces/${ws}/webhook-sources`, {
      platform: 'shopify',
      name: 'Shop',
    }),
    webhookSources: await read('GET', `/api/v1/workspaces/${ws}/webhook-sources`),
    widget: await read('GET', `/api/v1/workspaces/${ws}/survey-delivery/widget`),
  }
}

const qrOf = (url: string) => QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })

describe('links built by the server', () => {
  test('a lying Host never appears in a link or the QR code; RAPPORT_PUBLIC_URL is used', async () => {
    const links = await linksServedWith({ RAPPORT_PUBLIC_URL: 'https://cx.example.com' })
    const { qr, slug, ...texts } = links
    for (const text of Object.values(texts)) {
      expect(text).not.toContain('attacker.example')
      expect(text).toContain('https://cx.example.com/')
    }
    expect(qr).toBe(await qrOf(`https://cx.example.com/s/${slug}`))
  })

  test('without RAPPORT_PUBLIC_URL a lying Host gets the listen address', async () => {
    const { qr, slug, ...texts } = await linksServedWith({ PORT: '4455', HOST: '0.0.0.0' })
    for (const text of Object.values(texts)) {
      expect(text).not.toContain('attacker.example')
      expect(text).toContain('http://localhost:4455/')
    }
    expect(qr).toBe(await qrOf(`http://localhost:4455/s/${slug}`))
  })

  test('a Host on RAPPORT_ALLOWED_HOSTS is used as given, any other is not', async () => {
    const env = { PORT: '4455', RAPPORT_ALLOWED_HOSTS: 'cx.example.org, shop.example.net:8080' }
    const allowed = await linksServedWith(env, 'http://shop.example.net:8080')
    expect(allowed.invitation).toContain('http://shop.example.net:8080/s/i/')
    expect(allowed.qr).toBe(await qrOf(`http://shop.example.net:8080/s/${allowed.slug}`))
    const other = await linksServedWith(env, 'http://shop.example.net:9999')
    expect(other.invitation).toContain('http://localhost:4455/s/i/')
  })
})

test('a bad RAPPORT_ALLOWED_HOSTS entry fails the config, naming the variable', () => {
  expect(() => loadConfig({ RAPPORT_ALLOWED_HOSTS: 'cx.example.org,http://x/y' })).toThrow(
    /RAPPORT_ALLOWED_HOSTS/,
  )
})
