import type { MemberView } from './member-view.js'
import type { ThankLanguage } from './thank-email.js'

// The member's small public page: plain HTML, no script, in the member's language.

interface PageTexts {
  title: string
  points: string
  tier: string
  noTier: string
  next: (name: string) => string
  spend: string
  orders: string
  engagements: string
  reached: string
  benefits: string
  acts: string
  noActs: string
  thanked: string
  kinds: Record<string, string>
}

const texts: Record<ThankLanguage, PageTexts> = {
  en: {
    title: 'Your membership',
    points: 'Points',
    tier: 'Your tier',
    noTier: 'No tier yet',
    next: (name) => `To reach ${name}`,
    spend: 'spend',
    orders: 'orders',
    engagements: 'acts or visits',
    reached: 'You qualify already: it is yours at the next review.',
    benefits: 'Benefits',
    acts: 'What we thank you for',
    noActs: 'Nothing yet.',
    thanked: 'thanked',
    kinds: {
      referral: 'Referral',
      review: 'Review',
      recommendation: 'Recommendation',
      community_help: 'Help to other customers',
      feedback: 'Feedback',
      anniversary: 'Anniversary',
      habit_streak: 'Loyal rhythm',
    },
  },
  uk: {
    title: 'Ваше членство',
    points: 'Бали',
    tier: 'Ваш рівень',
    noTier: 'Рівня ще немає',
    next: (name) => `Щоб досягти рівня ${name}`,
    spend: 'покупки на суму',
    orders: 'замовлення',
    engagements: 'дії чи візити',
    reached: 'Ви вже відповідаєте умовам: рівень стане вашим під час наступного перегляду.',
    benefits: 'Переваги',
    acts: 'За що ми вам дякуємо',
    noActs: 'Поки нічого.',
    thanked: 'подякували',
    kinds: {
      referral: 'Рекомендація друга',
      review: 'Відгук',
      recommendation: 'Рекомендація',
      community_help: 'Допомога іншим клієнтам',
      feedback: 'Зворотний зв’язок',
      anniversary: 'Річниця',
      habit_streak: 'Вірний ритм',
    },
  },
  ru: {
    title: 'Ваше членство',
    points: 'Баллы',
    tier: 'Ваш уровень',
    noTier: 'Уровня пока нет',
    next: (name) => `Чтобы достичь уровня ${name}`,
    spend: 'покупки на сумму',
    orders: 'заказы',
    engagements: 'действия или визиты',
    reached: 'Вы уже соответствуете условиям: уровень станет вашим при следующем пересмотре.',
    benefits: 'Преимущества',
    acts: 'За что мы вас благодарим',
    noActs: 'Пока ничего.',
    thanked: 'поблагодарили',
    kinds: {
      referral: 'Рекомендация друга',
      review: 'Отзыв',
      recommendation: 'Рекомендация',
      community_help: 'Помощь другим клиентам',
      feedback: 'Обратная связь',
      anniversary: 'Годовщина',
      habit_streak: 'Верный ритм',
    },
  },
  pl: {
    title: 'Twoje członkostwo',
    points: 'Punkty',
    tier: 'Twój poziom',
    noTier: 'Jeszcze bez poziomu',
    next: (name) => `Aby osiągnąć poziom ${name}`,
    spend: 'zakupy za',
    orders: 'zamówienia',
    engagements: 'działania lub wizyty',
    reached: 'Już spełniasz warunki: poziom będzie Twój przy najbliższym przeglądzie.',
    benefits: 'Korzyści',
    acts: 'Za co Ci dziękujemy',
    noActs: 'Jeszcze nic.',
    thanked: 'podziękowano',
    kinds: {
      referral: 'Polecenie znajomego',
      review: 'Opinia',
      recommendation: 'Rekomendacja',
      community_help: 'Pomoc innym klientom',
      feedback: 'Opinia w ankiecie',
      anniversary: 'Rocznica',
      habit_streak: 'Wierny rytm',
    },
  },
  lv: {
    title: 'Jūsu dalība',
    points: 'Punkti',
    tier: 'Jūsu līmenis',
    noTier: 'Līmeņa vēl nav',
    next: (name) => `Lai sasniegtu līmeni ${name}`,
    spend: 'pirkumi par',
    orders: 'pasūtījumi',
    engagements: 'darbības vai apmeklējumi',
    reached: 'Jūs jau atbilstat: līmenis būs jūsu nākamajā pārskatā.',
    benefits: 'Priekšrocības',
    acts: 'Par ko mēs jums pateicamies',
    noActs: 'Pagaidām nekā.',
    thanked: 'pateicāmies',
    kinds: {
      referral: 'Drauga ieteikums',
      review: 'Atsauksme',
      recommendation: 'Ieteikums',
      community_help: 'Palīdzība citiem klientiem',
      feedback: 'Atsauksme aptaujā',
      anniversary: 'Gadadiena',
      habit_streak: 'Uzticīgs ritms',
    },
  },
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** The member's page as HTML. */
export function renderMemberPage(view: MemberView): string {
  const t = texts[view.language]
  const list = (items: string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : ''
  const next = view.next
  const missing = next
    ? [
        Number(next.spend) > 0 ? `${t.spend} ${next.spend.replace(/\.?0+$/, '')}` : null,
        next.orders > 0 ? `${t.orders}: ${next.orders}` : null,
        next.engagements > 0 ? `${t.engagements}: ${next.engagements}` : null,
      ].filter((s): s is string => s !== null)
    : []
  const acts = view.acts.map(
    (a) => `${t.kinds[a.kind] ?? a.kind} — ${a.occurredAt.slice(0, 10)}${a.thanked ? ` (${t.thanked})` : ''}`,
  )
  return `<!doctype html><html lang="${view.language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title}</title></head><body>
<main><h1>${t.title}</h1>
<p>${t.points}: <strong>${escapeHtml(view.points)}</strong></p>
<h2>${t.tier}: ${view.tier ? escapeHtml(view.tier.name) : t.noTier}</h2>
${view.tier ? list(view.tier.benefits) : ''}
${next ? `<h2>${escapeHtml(t.next(next.name))}</h2>${missing.length ? list(missing) : `<p>${t.reached}</p>`}<p>${t.benefits}:</p>${list(next.benefits)}` : ''}
<h2>${t.acts}</h2>${acts.length ? list(acts) : `<p>${t.noActs}</p>`}
</main></body></html>`
}
