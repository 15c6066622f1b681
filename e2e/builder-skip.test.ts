import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// A skip rule built in the visual editor, then answered on both of its paths on the public page.

const hasChromium = chromiumAvailable('builder skip logic')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

test.skipIf(!hasChromium)(
  'a rule "if nps ≥ 9, end" sends promoters to the end and asks the others the question on the next page',
  async () => {
    const url = server!.url
    let link = ''
    let surveyId = ''
    await withPage(browser!, 'builder-skip', async (page) => {
      const setup = await page.request.post(`${url}/api/v1/setup`, {
        data: {
          organizationName: 'Acme',
          workspaceName: 'Acme shop',
          name: 'Owner',
          email: 'owner@acme.test',
          password: 'correct horse battery',
        },
      })
      expect(setup.status()).toBe(201)
      const me = (await setup.json()) as { csrfToken: string; workspaces: { id: string }[] }
      const workspaceId = me.workspaces[0]!.id
      const created = await page.request.post(`${url}/api/v1/workspaces/${workspaceId}/surveys`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: {
          name: 'After delivery',
          touchpoint: 'order_delivered',
          npsKind: 'transactional',
          definition: {
            defaultLanguage: 'en',
            languages: ['en'],
            title: { en: 'After delivery' },
            pages: [{ id: 'score', questions: [{ id: 'nps', type: 'nps', text: { en: 'Recommend us?' } }] }],
            endings: [{ id: 'thanks', title: { en: 'Thank you!' } }],
          },
        },
      })
      expect(created.status()).toBe(201)
      surveyId = ((await created.json()) as { id: string }).id

      await page.goto(`${url}/w/${workspaceId}/surveys/${surveyId}`)
      // A draft has no working link yet, and says so.
      await page.getByTestId('builder-not-shared').waitFor()
      expect(await page.getByTestId('builder-link').count()).toBe(0)

      await page.getByTestId('add-page').click()
      await page.getByTestId('question-text-q2').fill('What went wrong?')
      await page.getByTestId('add-skip-0').click()
      await page.getByTestId('skip-question-0-0').selectOption('nps')
      await page.getByTestId('skip-op-0-0').selectOption('gte')
      await page.getByTestId('skip-value-0-0').fill('9')
      await page.getByTestId('skip-target-0-0').selectOption('ending:thanks')
      // Page 2 is reached, but not by everyone: the builder says who skips it.
      expect(await page.getByTestId('builder-unreachable').count()).toBe(0)
      expect(await page.getByTestId('builder-skipped-1').textContent()).toContain('nps ≥ 9')

      await page.getByTestId('builder-status').selectOption('active')
      await page.getByTestId('builder-save').click()
      await page.getByTestId('builder-saved').waitFor()
      link = (await page.getByTestId('builder-link').getAttribute('href'))!
    })

    // A promoter: the rule ends the survey after the score.
    await withPage(browser!, 'builder-skip-promoter', async (page) => {
      await page.goto(`${url}${link}`)
      await page.getByTestId('score-nps-10').click()
      // The page knows the path: for a 10 this is the last page, so its button sends.
      await page.getByTestId('submit').click()
      await page.getByTestId('ending').waitFor()
      expect(await page.getByTestId('question-q2').count()).toBe(0)
    })
    // A detractor: no rule fires, the next page asks what went wrong.
    await withPage(browser!, 'builder-skip-detractor', async (page) => {
      await page.goto(`${url}${link}`)
      await page.getByTestId('score-nps-3').click()
      await page.getByTestId('next').click()
      await page.getByTestId('text-q2').fill('Late again')
      await page.getByTestId('submit').click()
      await page.getByTestId('ending').waitFor()
    })

    const rows = await db!.query<{ answers: Record<string, unknown> }>(
      sql`select answers from responses where survey_id = ${surveyId} and completed_at is not null
        order by (answers->>'nps')::int desc`,
    )
    expect(rows.map((r) => r.answers)).toEqual([{ nps: 10 }, { nps: 3, q2: 'Late again' }])

    // The response reads as questions and answers, not ids.
    await withPage(browser!, 'builder-skip-responses', async (page) => {
      const login = await page.request.post(`${url}/api/v1/auth/login`, {
        data: { email: 'owner@acme.test', password: 'correct horse battery' },
      })
      const workspaceId = ((await login.json()) as { workspaces: { id: string }[] }).workspaces[0]!.id
      await page.goto(`${url}/w/${workspaceId}/surveys/responses`)
      await page.getByTestId('response-open').filter({ hasText: 'Late again' }).click()
      const detail = await page.getByTestId('response-detail').textContent()
      expect(detail).toContain('Recommend us?')
      expect(detail).toContain('3 / 10')
      expect(detail).toContain('What went wrong?')
      expect(detail).toContain('Late again')
    })
  },
  120_000,
)

test.skipIf(!hasChromium)(
  'the survey list duplicates a survey as a draft and deletes the unanswered copy after a confirmation',
  async () => {
    const url = server!.url
    await withPage(browser!, 'builder-actions', async (page) => {
      const login = await page.request.post(`${url}/api/v1/auth/login`, {
        data: { email: 'owner@acme.test', password: 'correct horse battery' },
      })
      expect(login.status()).toBe(200)
      const me = (await login.json()) as { workspaces: { id: string }[] }
      const workspaceId = me.workspaces[0]!.id
      await page.goto(`${url}/w/${workspaceId}/surveys`)
      const rows = page.getByTestId('survey-row')
      await rows.first().waitFor()
      const before = await rows.count()
      await rows.filter({ hasText: 'After delivery' }).first().getByTestId('survey-duplicate').click()
      const copy = rows.filter({ hasText: 'After delivery (copy)' })
      await copy.waitFor()
      expect(await rows.count()).toBe(before + 1)
      expect(await copy.locator('td').nth(3).textContent()).toBe('Draft')
      // The original has answers (the first test answered it): it cannot be deleted, only closed.
      const original = rows.filter({ hasText: /^After delivery(?! \(copy\))/ }).first()
      expect(await original.getByTestId('survey-delete').isDisabled()).toBe(true)
      page.once('dialog', (dialog) => void dialog.accept())
      await copy.getByTestId('survey-delete').click()
      await copy.waitFor({ state: 'detached' })
      expect(await rows.count()).toBe(before)
    })
  },
)
