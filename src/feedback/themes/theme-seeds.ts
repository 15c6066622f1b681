import type { ThemeLanguage } from './languages.js'

/** The themes every shop has, each found by its words in the five languages. */
export const seedThemes = ['delivery', 'price', 'quality', 'staff', 'app', 'returns', 'loyalty'] as const
export type SeedTheme = (typeof seedThemes)[number]

// Dictionary entries in the style of LIWC: "word*" matches every word that starts with it (Slavic and Baltic
// nouns change their endings by case), a bare entry matches the whole word. Written for a retail shop; the
// phrases that co-occur with them are learned from the comments themselves (themes.ts).
export const seedWords: Record<SeedTheme, Record<ThemeLanguage, string[]>> = {
  delivery: {
    en: [
      'deliver*',
      'shipping',
      'shipped',
      'courier*',
      'parcel*',
      'package',
      'tracking',
      'driver*',
      'dispatch*',
    ],
    uk: ['достав*', 'посилк*', 'посилц*', "кур'єр*", 'відстеж*', 'водій', 'водія', 'привез*', 'пересилк*'],
    ru: ['достав*', 'посылк*', 'курьер*', 'отслежив*', 'водител*', 'привез*', 'пересылк*'],
    pl: [
      'dostaw*',
      'dostarcz*',
      'paczk*',
      'przesył*',
      'kurier*',
      'wysyłk*',
      'wysłan*',
      'śledzen*',
      'kierowc*',
    ],
    lv: ['piegād*', 'sūtījum*', 'kurjer*', 'izsekošan*', 'šofer*', 'pārvadāšan*', 'atveda', 'neatveda'],
  },
  price: {
    en: [
      'price*',
      'pricing',
      'expensive',
      'cheap*',
      'cost',
      'costs',
      'discount*',
      'offers',
      'fee',
      'fees',
      'overpriced',
    ],
    uk: ['цін*', 'дорог*', 'дешев*', 'знижк*', 'акці*', 'вартіст*', 'кошту*', 'промокод*', 'вигідн*'],
    ru: ['цен*', 'дорог*', 'дешев*', 'скидк*', 'акци*', 'стоимост*', 'промокод*', 'выгодн*'],
    pl: ['cen*', 'drogo', 'drogi', 'droga', 'drożej', 'tani*', 'rabat*', 'promocj*', 'koszt*', 'opłat*'],
    lv: ['cen*', 'dārg*', 'lēt*', 'atlaid*', 'akcij*', 'maksā', 'izmaks*', 'maksa'],
  },
  quality: {
    en: ['quality', 'taste*', 'tasted', 'fresh*', 'stale', 'flavo*', 'aroma*', 'roast*', 'beans'],
    uk: ['якіст*', 'якост*', 'смак*', 'свіж*', 'несвіж*', 'аромат*', 'обсмаж*', 'зерн*'],
    ru: ['качеств*', 'вкус*', 'свеж*', 'несвеж*', 'аромат*', 'обжар*', 'зерн*'],
    pl: ['jakoś*', 'smak*', 'śwież*', 'nieśwież*', 'aromat*', 'palon*', 'ziarn*'],
    lv: ['kvalitāt*', 'garš*', 'svaig*', 'nesvaig*', 'aromāt*', 'grauzdēt*', 'pupiņ*'],
  },
  staff: {
    en: [
      'staff',
      'employee*',
      'assistant*',
      'cashier*',
      'barista*',
      'consultant*',
      'manager*',
      'service',
      'support',
      'team',
    ],
    uk: [
      'персонал*',
      'продавец*',
      'продавч*',
      'касир*',
      'бариста',
      'консультант*',
      'менеджер*',
      'обслуговув*',
      'підтримк*',
      'команд*',
      'працівник*',
    ],
    ru: [
      'персонал*',
      'продав*',
      'кассир*',
      'бариста',
      'консультант*',
      'менеджер*',
      'обслуживан*',
      'поддержк*',
      'команд*',
      'сотрудник*',
    ],
    pl: [
      'obsług*',
      'personel*',
      'sprzedaw*',
      'kasjer*',
      'barista',
      'doradc*',
      'kierownik*',
      'zespół',
      'zespoł*',
      'konsultant*',
    ],
    lv: [
      'personāl*',
      'pārdevēj*',
      'kasier*',
      'barista',
      'konsultant*',
      'vadītāj*',
      'apkalpošan*',
      'atbalst*',
      'komand*',
      'darbiniek*',
    ],
  },
  app: {
    en: [
      'app',
      'apps',
      'application',
      'website*',
      'site',
      'online',
      'checkout',
      'login',
      'log',
      'account',
      'search',
      'page',
      'mobile',
      'notification*',
    ],
    uk: [
      'застосун*',
      'додат*',
      'сайт*',
      'онлайн',
      'акаунт*',
      'пошук*',
      'сторінк*',
      'оформлен*',
      'мобільн*',
      'сповіщен*',
    ],
    ru: [
      'приложени*',
      'сайт*',
      'онлайн',
      'аккаунт*',
      'поиск*',
      'страниц*',
      'оформлени*',
      'мобильн*',
      'уведомлен*',
    ],
    pl: [
      'aplikacj*',
      'stron*',
      'internet*',
      'online',
      'konto',
      'konta',
      'koncie',
      'wyszukiw*',
      'zalogow*',
      'powiadomie*',
      'koszyk*',
    ],
    lv: [
      'lietotn*',
      'vietn*',
      'tiešsaist*',
      'kont*',
      'meklēšan*',
      'pieslēg*',
      'paziņojum*',
      'groz*',
      'noformēšan*',
    ],
  },
  returns: {
    en: ['return*', 'refund*', 'exchange*'],
    uk: ['поверн*', 'обмін*', 'обміня*', 'відшкод*'],
    ru: ['возврат*', 'вернул*', 'вернуть', 'обмен*', 'обменя*'],
    pl: ['zwrot*', 'zwróc*', 'zwroc*', 'wymian*', 'wymieni*'],
    lv: ['atgriešan*', 'atgriezu', 'atgriezt', 'atmaks*', 'apmaiņ*', 'apmainī*'],
  },
  loyalty: {
    en: ['loyalty', 'points', 'bonus*', 'reward*', 'member*', 'club'],
    uk: ['лояльн*', 'бали', 'балів', 'балами', 'бонус*', 'клуб*', 'учасник*', 'винагород*'],
    ru: ['лояльност*', 'балл*', 'бонус*', 'клуб*', 'участник*', 'наград*'],
    pl: ['lojalnoś*', 'punkt*', 'bonus*', 'klub*', 'członk*', 'nagrod*'],
    lv: ['lojalitāt*', 'punkt*', 'bonus*', 'klub*', 'biedr*', 'dalībniek*', 'balv*'],
  },
}

/** A dictionary: whole words and "prefix*" entries, looked up a word at a time. */
export interface WordDictionary<T> {
  lookup(word: string): T | undefined
}

/** Builds a LIWC-style dictionary from entries → value; the longest matching prefix wins. */
export function wordDictionary<T>(entries: Iterable<readonly [string, T]>): WordDictionary<T> {
  const exact = new Map<string, T>()
  const prefixes = new Map<string, T>()
  let longest = 0
  for (const [entry, value] of entries) {
    if (entry.endsWith('*')) {
      const p = entry.slice(0, -1)
      prefixes.set(p, value)
      longest = Math.max(longest, p.length)
    } else exact.set(entry, value)
  }
  // Words repeat from comment to comment: each is looked up once (bounded, cleared when full).
  const seen = new Map<string, T | null>()
  const find = (word: string): T | null => {
    const found = exact.get(word)
    if (found !== undefined) return found
    for (let n = Math.min(longest, word.length); n >= 2; n--) {
      const v = prefixes.get(word.slice(0, n))
      if (v !== undefined) return v
    }
    return null
  }
  return {
    lookup(word) {
      let v = seen.get(word)
      if (v === undefined) {
        v = find(word)
        if (seen.size >= 100_000) seen.clear()
        seen.set(word, v)
      }
      return v ?? undefined
    },
  }
}
