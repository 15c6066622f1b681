import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { pageTexts } from '../src/surveys/page-texts.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'
import { fitsThePhone, phone, phoneArtifacts, seriousViolations } from './phone-checks.js'
import { setUpOwner } from './set-up-owner.js'

// The builder as a person uses it on a phone, with the dashboard in Ukrainian: a refused save says what is wrong
// next to each field (never in zod's or the server's English), the texts of every language side by side with
// the missing ones counted, and archiving a survey, whose link then says it is closed. Each page is checked at
// 390 px and with axe-core.

const hasChromium = chromiumAvailable('builder everyday use')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let workspaceId = ''
let surveyId = ''
let slug = ''
const owner = { email: 'owner@builder.test', password: 'correct horse battery' }
const ukrainian = { ...phone, locale: 'uk-UA', timeout: 20_000 }

const definition = {
  defaultLanguage: 'en',
  languages: ['en', 'uk'],
  title: { en: 'After delivery', uk: 'Після доставки' },
  pages: [
    {
      id: 'score',
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'Recommend us?', uk: 'Порекомендуєте нас?' } },
        {
          id: 'why',
          type: 'single',
          text: { en: 'What mattered most?' },
          options: [
            { id: 'speed', label: { en: 'Speed' } },
            { id: 'price', label: { en: 'Price', uk: 'Ціна' } },
          ],
        },
      ],
    },
  ],
  endings: [{ id: 'thanks', title: { en: 'Thank you!', uk: 'Дякуємо!' } }],
}

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt()
  assertWebBuilt('survey.html')
  mkdirSync(phoneArtifacts, { recursive: true })
  db = await pgliteTestDb()
  server = await startServer({ db, port: 0, host: '127.0.0.1', jobs: false })
  browser = await launchChromium()
  const me = await setUpOwner(server.url, owner)
  workspaceId = me.workspaces[0]!.id
  const created = await fetch(`${server.url}/api/v1/workspaces/${workspaceId}/surveys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: me.cookie, 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({
      name: 'After delivery',
      touchpoint: 'order_delivered',
      npsKind: 'transactional',
      definition,
    }),
  })
  expect(created.status).toBe(201)
  ;({ id: surveyId, slug } = (await created.json()) as { id: string; slug: string })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

/** Logs in, with the dashboard in Ukrainian (the language the person chose earlier in this browser). */
async function logInInUkrainian(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('rapport.language', 'uk'))
  const login = await page.request.post(`${server!.url}/api/v1/auth/login`, { data: owner })
  expect(login.status()).toBe(200)
}

async function checkPhoneAndAxe(page: Page, name: string): Promise<void> {
  await fitsThePhone(page, name)
  expect(await seriousViolations(page)).toEqual([])
}

/** Saves as a person on a phone does: back at the top, where the button is (the sticky top bar covers it below). */
async function save(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await page.getByTestId('builder-save').click()
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim()

test.skipIf(!hasChromium)(
  'a refused save names each problem next to its field in Ukrainian, the server’s refusals included',
  async () => {
    await withPage(
      browser!,
      'builder-validation',
      async (page) => {
        await logInInUkrainian(page)
        await page.goto(`${server!.url}/w/${workspaceId}/surveys/${surveyId}`)
        await page.getByTestId('builder-name').fill('')
        await page.getByTestId('question-text-nps').fill('')
        await save(page)
        await page.getByTestId('builder-issues').waitFor()
        expect(await text(page, 'issue-name')).toBe('Це поле обовʼязкове.')
        expect(await text(page, 'issue-definition.pages.0.questions.0.text')).toBe(
          'Потрібен текст мовою English — основною мовою опитування.',
        )
        expect(await page.getByTestId('builder-name').getAttribute('aria-invalid')).toBe('true')
        // The live check beside the estimate speaks Ukrainian too.
        await expect
          .poll(() => text(page, 'builder-estimate'))
          .toContain('Потрібен текст мовою English — основною мовою опитування.')
        expect(await page.locator('body').textContent()).not.toContain('needs a text')
        // The keyboard lands on the first field to fix.
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
          'builder-name',
        )
        await checkPhoneAndAxe(page, 'builder-validation')
        // Fixed, the message goes as the person types; nothing was saved meanwhile.
        await page.getByTestId('builder-name').fill('Після доставки')
        await page.getByTestId('issue-name').waitFor({ state: 'detached' })
        await page.getByTestId('question-text-nps').fill('Recommend us?')
        await page.getByTestId('builder-issues').waitFor({ state: 'detached' })

        // What only the server knows (a weight on a question that is no scale) comes back in Ukrainian too.
        await page.locator('details.card > summary').click()
        const json = page.getByTestId('builder-json')
        const edited = JSON.parse(await json.inputValue()) as Record<string, unknown>
        edited.scoring = { index: 'loyalty', weights: { why: 1 } }
        await json.fill(JSON.stringify(edited, null, 2))
        await page.getByTestId('builder-apply-json').click()
        await save(page)
        await page.getByTestId('builder-issues').waitFor()
        const summary = await text(page, 'builder-issues')
        expect(summary).toContain(
          'definition.scoring.weights.why: Вагу можна дати лише запитанням зі шкалою.',
        )
        expect(await page.locator('body').textContent()).not.toContain('must be a scale question')
        const [stored] = await db!.query<{ version: number }>(
          sql`select current_version as version from surveys where id = ${surveyId}`,
        )
        expect(stored!.version).toBe(1)
      },
      ukrainian,
    )
  },
  120_000,
)

test.skipIf(!hasChromium)(
  'every language side by side: missing translations marked and counted, filled in place, saved',
  async () => {
    await withPage(
      browser!,
      'builder-languages',
      async (page) => {
        await logInInUkrainian(page)
        await page.goto(`${server!.url}/w/${workspaceId}/surveys/${surveyId}`)
        // Questions move by keyboard too: Alt+↓ in a question's field moves it down, Alt+↑ back, the focus with it.
        const order = () =>
          page
            .locator('[data-testid^="builder-question-"]')
            .evaluateAll((els) =>
              els.map((e) => e.getAttribute('data-testid')?.replace('builder-question-', '')),
            )
        await page.getByTestId('question-text-nps').focus()
        await page.keyboard.press('Alt+ArrowDown')
        await expect.poll(order).toEqual(['why', 'nps'])
        expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
          'question-text-nps',
        )
        await page.keyboard.press('Alt+ArrowUp')
        await expect.poll(order).toEqual(['nps', 'why'])
        await page.getByTestId('builder-view-sideBySide').check()
        await page.getByTestId('translations-table').waitFor()
        // Missing in uk, counted by hand: the text of "why" and the label of "speed".
        expect(await text(page, 'translations-missing-uk')).toContain('бракує: 2')
        expect(await text(page, 'translations-missing-en')).toContain('бракує: 0')
        const cell = page.getByTestId('translation-pages.0.questions.1.text-uk')
        expect(await cell.getAttribute('class')).toContain('missing-translation')
        expect(await cell.getAttribute('placeholder')).toBe('What mattered most?')
        await cell.fill('Що було найважливішим?')
        expect(await text(page, 'translations-missing-uk')).toContain('бракує: 1')
        await checkPhoneAndAxe(page, 'builder-languages')

        // Back to one language at a time: the text typed side by side is there.
        await page.getByTestId('builder-view-one').check()
        await page.getByTestId('builder-language').selectOption('uk')
        expect(await page.getByTestId('question-text-why').inputValue()).toBe('Що було найважливішим?')
        await save(page)
        await page.getByTestId('builder-saved').waitFor()
        const [stored] = await db!.query<{ text: Record<string, string> }>(sql`
          select v.definition->'pages'->0->'questions'->1->'text' as text
          from surveys s join survey_versions v on v.survey_id = s.id and v.version = s.current_version
          where s.id = ${surveyId}`)
        expect(stored!.text).toEqual({ en: 'What mattered most?', uk: 'Що було найважливішим?' })
      },
      ukrainian,
    )
  },
  120_000,
)

test.skipIf(!hasChromium)(
  'an archived survey leaves the list for the archive, its link says closed in Ukrainian; restored, it answers again',
  async () => {
    await db!.query(sql`update surveys set status = 'active' where id = ${surveyId}`)
    const url = server!.url
    await withPage(
      browser!,
      'builder-archive',
      async (page) => {
        await logInInUkrainian(page)
        await page.goto(`${url}/w/${workspaceId}/surveys`)
        const row = page.getByTestId('survey-row').filter({ hasText: 'After delivery' })
        await row.getByTestId('survey-archive').click()
        await row.waitFor({ state: 'detached' })
        await page.getByTestId('surveys-show-archived').check()
        await row.getByTestId('survey-restore').waitFor()
        await checkPhoneAndAxe(page, 'surveys-archived')
        // Its answers are history: the responses' survey filter still offers it, marked.
        await page.goto(`${url}/w/${workspaceId}/surveys/responses`)
        await expect
          .poll(() => page.getByTestId('filter-surveyId').locator('option').allTextContents())
          .toContain('After delivery (В архіві)')

        // The builder says why the link does not work, instead of showing a dead one.
        await page.goto(`${url}/w/${workspaceId}/surveys/${surveyId}`)
        await page.getByTestId('builder-archived').waitFor()
        expect(await text(page, 'builder-not-shared')).toContain('В архіві')
        expect(await page.getByTestId('builder-link').count()).toBe(0)

        const closed = await page.goto(`${url}/s/${slug}`)
        expect(closed?.status()).toBe(410)
        expect(await text(page, 'state-closed')).toBe(pageTexts.uk.closed)
        await checkPhoneAndAxe(page, 'survey-closed')

        await page.goto(`${url}/w/${workspaceId}/surveys/${surveyId}`)
        await page.evaluate(() => window.scrollTo(0, 0))
        await page.getByTestId('builder-restore').click()
        await page.getByTestId('builder-link').waitFor()
        const open = await page.goto(`${url}/s/${slug}`)
        expect(open?.status()).toBe(200)
        await page.getByTestId('score-nps-9').waitFor()
      },
      ukrainian,
    )
    const audit = await db!.query<{ action: string }>(
      sql`select action from audit_log where entity_id = ${surveyId} and action like 'survey.%' order by at`,
    )
    expect(audit.map((a) => a.action)).toEqual([
      'survey.create',
      'survey.update',
      'survey.archive',
      'survey.restore',
    ])
  },
  120_000,
)
