import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../src/access/workspaces.js'
import type { Db } from '../src/db/db.js'
import { sql } from '../src/db/sql.js'
import { pgliteTestDb } from '../src/db/test-db.js'
import { startServer } from '../src/server/server.js'
import { createInvitation, getInvitation } from '../src/surveys/invitations.js'
import { createSurvey, updateSurvey } from '../src/surveys/surveys.js'
import { findTemplate } from '../src/surveys/templates.js'
import { assertWebBuilt, chromiumAvailable, launchChromium, withPage } from './chromium.js'

// The public survey page in a real browser: a personal link in Ukrainian with an e-mail's preselected
// score (saved only once confirmed), resumed after a reload; and the anonymous link in conversation mode
// in Polish.

const hasChromium = chromiumAvailable('survey')

let db: Db | undefined
let server: { url: string; close(): Promise<void> } | undefined
let browser: Browser | undefined
let ws: string
let surveyId: string
let slug: string
let customerId: string

beforeAll(async () => {
  if (!hasChromium) return
  assertWebBuilt('survey.html')
  db = await pgliteTestDb()
  const org = await createOrganization(db, 'Acme')
  ws = (await createWorkspace(db, org.id, 'Shop')).id
  const [customer] = await db.query<{ id: string }>(
    sql`insert into customers (workspace_id, external_id, name, language) values (${ws}, 'C-1', 'Olena', 'uk') returning id`,
  )
  customerId = customer!.id
  const template = findTemplate('transactional_nps')!
  const survey = await createSurvey(db, ws, {
    name: 'After delivery',
    touchpoint: 'order_delivered',
    npsKind: 'transactional',
    definition: template.definition,
  })
  await updateSurvey(db, ws, survey.id, { status: 'active' })
  surveyId = survey.id
  slug = survey.slug
  server = await startServer({ db, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await db?.close()
})

async function responseRow(where: ReturnType<typeof sql>) {
  const [row] = await db!.query<{
    answers: Record<string, unknown>
    completed: boolean
    language: string
    channel: string
  }>(
    sql`select answers, completed_at is not null as completed, language, channel from responses where ${where}`,
  )
  return row
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 50; i++) {
    const value = await read()
    if (ok(value)) return value
    await new Promise((r) => setTimeout(r, 100))
  }
  return read()
}

test.skipIf(!hasChromium)(
  'a personal link in Ukrainian: the e-mailed score is saved only when confirmed, resumes, then is spent',
  async () => {
    const { invitation, token } = await createInvitation(db!, {
      workspaceId: ws,
      surveyId,
      customerId,
      channel: 'email',
    })
    // The browser prefers English; the customer's record says Ukrainian, and that wins.
    await withPage(
      browser!,
      'surveys',
      async (page) => {
        await page.goto(`${server!.url}/s/i/${token}?score=3`)
        await page.getByTestId('confirm-bar').waitFor()
        expect(await page.getByTestId('confirm-bar').textContent()).toContain('Ви обрали 3. Усе правильно?')
        expect(await page.locator('html').getAttribute('lang')).toBe('uk')
        // A mail scanner's click (the page load) saved nothing.
        expect(await responseRow(sql`invitation_id = ${invitation.id}`)).toBeUndefined()
        expect((await getInvitation(db!, ws, invitation.id))?.status).toBe('opened')

        await page.getByTestId('confirm-score').click()
        const saved = await eventually(
          () => responseRow(sql`invitation_id = ${invitation.id}`),
          (r) => r !== undefined,
        )
        expect(saved).toMatchObject({
          answers: { nps: 3 },
          completed: false,
          channel: 'email',
          language: 'uk',
        })

        // Reloading the same link resumes: the score is chosen, nothing to confirm.
        await page.reload()
        await page.getByTestId('score-nps-3').waitFor()
        expect(await page.getByTestId('score-nps-3').getAttribute('aria-checked')).toBe('true')
        expect(await page.getByTestId('confirm-bar').count()).toBe(0)

        await page.getByTestId('next').click()
        await page.getByTestId('text-reason').fill('Кур’єр запізнився на два дні')
        await page.getByTestId('next').click()
        // A detractor is asked what to improve (a promoter would have skipped this page).
        await page.getByTestId('text-improve').fill('Повідомляйте про затримки')
        await page.getByTestId('submit').click()
        await page.getByTestId('ending').waitFor()
        expect(await page.getByTestId('ending').textContent()).toContain('Дякуємо за ваш відгук!')

        const done = await responseRow(sql`invitation_id = ${invitation.id}`)
        expect(done).toMatchObject({
          completed: true,
          answers: { nps: 3, reason: 'Кур’єр запізнився на два дні', improve: 'Повідомляйте про затримки' },
        })
        expect((await getInvitation(db!, ws, invitation.id))?.status).toBe('completed')

        await page.goto(`${server!.url}/s/i/${token}`)
        await page.getByTestId('state-completed').waitFor()
        expect(await page.getByTestId('state-completed').textContent()).toContain('Дякуємо!')
      },
      { locale: 'en-US' },
    )
  },
)

test.skipIf(!hasChromium)(
  'the anonymous link in conversation mode, in Polish, one question at a time',
  async () => {
    await withPage(
      browser!,
      'surveys',
      async (page) => {
        await page.goto(`${server!.url}/s/${slug}?lang=pl&mode=conversation&order_id=O-42`)
        await page.getByTestId('chat-question-nps').waitFor()
        expect(await page.getByTestId('chat-question-nps').textContent()).toContain('polecisz nas znajomemu')
        // Only the current question is on screen.
        expect(await page.getByTestId('chat-question-reason').count()).toBe(0)
        await page.getByTestId('score-nps-10').click()
        await page.getByTestId('chat-question-reason').waitFor()
        await page.getByTestId('text-reason').fill('Szybka dostawa')
        await page.getByTestId('chat-send').click()
        // A promoter goes straight to the promoter ending.
        await page.getByTestId('ending').waitFor()
        expect(await page.getByTestId('ending').getAttribute('data-ending')).toBe('promoter')
        expect(await page.getByTestId('ending').textContent()).toContain(
          'Cieszymy się, że chcesz nas polecić',
        )
        const [row] = await db!.query<Record<string, unknown>>(sql`select answers, hidden, language, channel,
      completed_at is not null as completed from responses where survey_id = ${surveyId} and invitation_id is null`)
        expect(row).toEqual({
          answers: { nps: 10, reason: 'Szybka dostawa' },
          hidden: { order_id: 'O-42' },
          language: 'pl',
          channel: 'conversation',
          completed: true,
        })
      },
      { locale: 'en-US', viewport: { width: 390, height: 800 } },
    )
  },
)

test.skipIf(!hasChromium)(
  'the dashboard: create from a template, translate a question, save a new version, preview, list responses',
  async () => {
    await withPage(
      browser!,
      'surveys',
      async (page) => {
        const setup = await page.request.post(`${server!.url}/api/v1/setup`, {
          data: {
            organizationName: 'Acme',
            workspaceName: 'Acme shop',
            name: 'Olena Owner',
            email: 'owner@acme.test',
            password: 'correct horse battery',
            demo: false,
          },
        })
        expect(setup.status()).toBe(201)
        const workspaceId = ((await setup.json()) as { workspaces: { id: string }[] }).workspaces[0]!.id
        await page.goto(`${server!.url}/w/${workspaceId}/surveys`)
        await page.getByTestId('surveys-empty').waitFor()
        await page.getByTestId('use-template-ces').click()
        await page.waitForURL(/\/surveys\/[0-9a-f-]{36}$/)
        await page.getByTestId('builder-estimate').getByText('Estimated time to answer').waitFor()

        await page.getByTestId('builder-language').selectOption('uk')
        const text = page.getByTestId('question-text-ces')
        expect(await text.inputValue()).toBe('Компанія полегшила мені вирішення мого питання.')
        await text.fill('Компанія зробила так, що мені було легко вирішити питання.')
        await page.getByTestId('builder-status').selectOption('active')
        await page.getByTestId('builder-save').click()
        await page.getByTestId('builder-saved').waitFor()
        expect(await page.getByTestId('builder-saved').textContent()).toContain('version 2')

        await page.getByTestId('preview-language').selectOption('uk')
        await page.getByTestId('preview-mode').selectOption('conversation')
        const preview = page.frameLocator('[data-testid="builder-preview"]')
        await preview.getByTestId('chat-question-ces').waitFor()
        expect(await preview.getByTestId('chat-question-ces').textContent()).toContain(
          'мені було легко вирішити питання',
        )

        // Answer through the anonymous link, then find the response in the list.
        const link = (await page.getByTestId('builder-link').getAttribute('href'))!
        const answer = await page.context().newPage()
        await answer.goto(`${server!.url}${link}?lang=lv`)
        await answer.getByTestId('score-ces-7').click()
        await answer.getByTestId('option-resolved-yes').click()
        await answer.getByTestId('submit').click()
        await answer.getByTestId('ending').waitFor()
        expect(await answer.getByTestId('ending').textContent()).toContain('Paldies par jūsu atsauksmi!')

        await page.goto(`${server!.url}/w/${workspaceId}/surveys/responses`)
        await page.getByTestId('response-row').waitFor()
        await page.getByTestId('filter-language').selectOption('lv')
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid="response-row"]').length === 1,
        )
        expect(await page.getByTestId('response-row').textContent()).toContain('ces: 7')
        expect(await page.getByTestId('responses-csv').getAttribute('href')).toContain('language=lv')
        // Newest first until a header is chosen; a header sorts on the server and the CSV follows its order.
        const responsesTable = page.getByTestId('responses-table')
        expect(await responsesTable.locator('th[aria-sort="descending"]').textContent()).toContain('Started')
        await responsesTable.locator('[data-sort-column="channel"]').click()
        await page.waitForURL(/sort=channel&dir=asc/)
        expect(await responsesTable.locator('th[aria-sort="ascending"]').textContent()).toContain('Channel')
        await page.getByTestId('response-row').waitFor()
        expect(await page.getByTestId('responses-csv').getAttribute('href')).toContain('sort=channel&dir=asc')
      },
      { locale: 'en-US', viewport: { width: 1400, height: 1000 } },
    )
  },
)
