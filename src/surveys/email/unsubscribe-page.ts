import { type PagePolicy, styleHash } from '../../http/security-headers.js'
import type { Language } from '../definition.js'

const texts: Record<
  Language,
  {
    title: string
    survey: string
    all: string
    confirm: string
    doneSurvey: string
    doneAll: string
    invalid: string
  }
> = {
  en: {
    title: 'Unsubscribe',
    survey: 'Stop receiving invitations to this survey?',
    all: 'Stop receiving invitations to all our surveys?',
    confirm: 'Unsubscribe',
    doneSurvey: 'Done: you will not be invited to this survey again.',
    doneAll: 'Done: you will not be invited to any of our surveys again.',
    invalid: 'This link is not valid.',
  },
  uk: {
    title: 'Відписка',
    survey: 'Більше не отримувати запрошень до цього опитування?',
    all: 'Більше не отримувати запрошень до жодного з наших опитувань?',
    confirm: 'Відписатися',
    doneSurvey: 'Готово: вас більше не запрошуватимуть до цього опитування.',
    doneAll: 'Готово: вас більше не запрошуватимуть до наших опитувань.',
    invalid: 'Це посилання недійсне.',
  },
  ru: {
    title: 'Отписка',
    survey: 'Больше не получать приглашения в этот опрос?',
    all: 'Больше не получать приглашения ни в один из наших опросов?',
    confirm: 'Отписаться',
    doneSurvey: 'Готово: вас больше не будут приглашать в этот опрос.',
    doneAll: 'Готово: вас больше не будут приглашать в наши опросы.',
    invalid: 'Эта ссылка недействительна.',
  },
  pl: {
    title: 'Wypisanie',
    survey: 'Nie otrzymywać więcej zaproszeń do tej ankiety?',
    all: 'Nie otrzymywać więcej zaproszeń do żadnej z naszych ankiet?',
    confirm: 'Wypisz mnie',
    doneSurvey: 'Gotowe: nie zaprosimy Cię już do tej ankiety.',
    doneAll: 'Gotowe: nie zaprosimy Cię już do żadnej z naszych ankiet.',
    invalid: 'Ten link jest nieprawidłowy.',
  },
  lv: {
    title: 'Atteikšanās',
    survey: 'Vairs nesaņemt ielūgumus uz šo aptauju?',
    all: 'Vairs nesaņemt ielūgumus uz nevienu no mūsu aptaujām?',
    confirm: 'Atteikties',
    doneSurvey: 'Gatavs: jūs vairs neaicināsim uz šo aptauju.',
    doneAll: 'Gatavs: jūs vairs neaicināsim uz mūsu aptaujām.',
    invalid: 'Šī saite nav derīga.',
  },
}

const page = (language: Language, body: string) =>
  `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${texts[language].title}</title>
<style>${style}</style></head><body>${body}</body></html>`

const style =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#2563eb;color:#fff;cursor:pointer}'

/** The unsubscribe pages' policy: their one inline <style>, allowed by its hash. */
export const unsubscribePagePolicy: PagePolicy = { styleHashes: [styleHash(style)] }

/** The question page: a link in an e-mail only asks, so a mail scanner following it unsubscribes no one. */
export function unsubscribeQuestionPage(language: Language, scope: 'survey' | 'all'): string {
  const t = texts[language]
  return page(
    language,
    `<h1>${t.title}</h1><form method="post"><p>${scope === 'all' ? t.all : t.survey}</p><input type="hidden" name="scope" value="${scope}"><button type="submit" data-testid="unsubscribe-confirm">${t.confirm}</button></form>`,
  )
}

export function unsubscribeDonePage(language: Language, scope: 'survey' | 'all'): string {
  const t = texts[language]
  return page(
    language,
    `<h1>${t.title}</h1><p data-testid="unsubscribe-done">${scope === 'all' ? t.doneAll : t.doneSurvey}</p>`,
  )
}

export function unsubscribeInvalidPage(language: Language): string {
  return page(language, `<h1>${texts[language].title}</h1><p>${texts[language].invalid}</p>`)
}
