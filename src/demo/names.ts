import type { Random } from './random.js'

export type DemoLanguage = 'en' | 'uk' | 'ru' | 'pl' | 'lv'

// Cyrillic entries carry their Latin transliteration after '|' for e-mail addresses.
interface NameBook {
  male: string[]
  female: string[]
  /** [male form, female form] */
  surnames: [string, string][]
}

const split = (s: string) => s.split(' ')
const pairs = (s: string): [string, string][] =>
  s.split(' ').map((p) => {
    const [m, f] = p.split('/')
    return [m!, f ?? m!]
  })

const books: Record<DemoLanguage, NameBook> = {
  en: {
    male: split('James Oliver Harry Jack George Noah Thomas Daniel Michael David William Samuel'),
    female: split('Olivia Emily Amelia Sophie Grace Charlotte Jessica Hannah Emma Lucy Chloe Sarah'),
    surnames: pairs('Smith Jones Taylor Brown Williams Wilson Johnson Davies Evans Walker Wright Thompson'),
  },
  uk: {
    male: split(
      'Олександр|oleksandr Андрій|andrii Дмитро|dmytro Сергій|serhii Максим|maksym Богдан|bohdan Тарас|taras Юрій|yurii Іван|ivan Олег|oleh Василь|vasyl Назар|nazar',
    ),
    female: split(
      'Олена|olena Оксана|oksana Наталія|nataliia Ірина|iryna Тетяна|tetiana Юлія|yuliia Марія|mariia Катерина|kateryna Софія|sofiia Анна|anna Дарина|daryna Ганна|hanna',
    ),
    surnames: pairs(
      'Коваленко|kovalenko Шевченко|shevchenko Бондаренко|bondarenko Ткаченко|tkachenko Кравченко|kravchenko Мельник|melnyk Бойко|boiko Ковальчук|kovalchuk Олійник|oliinyk Савчук|savchuk Поліщук|polishchuk Лисенко|lysenko',
    ),
  },
  ru: {
    male: split(
      'Александр|aleksandr Алексей|aleksei Дмитрий|dmitrii Сергей|sergei Михаил|mikhail Андрей|andrei Николай|nikolai Павел|pavel Владимир|vladimir Артём|artem Евгений|evgenii Игорь|igor',
    ),
    female: split(
      'Анна|anna Елена|elena Мария|mariia Ольга|olga Татьяна|tatiana Наталья|natalia Светлана|svetlana Ирина|irina Екатерина|ekaterina Юлия|iuliia Ксения|kseniia Вера|vera',
    ),
    surnames: pairs(
      'Иванов|ivanov/Иванова|ivanova Смирнов|smirnov/Смирнова|smirnova Кузнецов|kuznetsov/Кузнецова|kuznetsova Попов|popov/Попова|popova Соколов|sokolov/Соколова|sokolova Лебедев|lebedev/Лебедева|lebedeva Морозов|morozov/Морозова|morozova Волков|volkov/Волкова|volkova Новиков|novikov/Новикова|novikova Фёдоров|fedorov/Фёдорова|fedorova',
    ),
  },
  pl: {
    male: split('Jan Piotr Krzysztof Tomasz Paweł Michał Marcin Jakub Łukasz Adam Mateusz Wojciech'),
    female: split(
      'Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Magdalena Zofia Joanna Aleksandra Julia',
    ),
    surnames: pairs(
      'Nowak Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kowalczyk Kamiński/Kamińska Lewandowski/Lewandowska Zieliński/Zielińska Szymański/Szymańska Woźniak Dąbrowski/Dąbrowska Mazur',
    ),
  },
  lv: {
    male: split('Jānis Andris Mārtiņš Kārlis Edgars Artūrs Roberts Raivis Gatis Emīls Rihards Oskars'),
    female: split('Anna Līga Ilze Kristīne Laura Inese Agnese Elīna Dace Santa Evija Marta'),
    surnames: pairs(
      'Bērziņš/Bērziņa Kalniņš/Kalniņa Ozoliņš/Ozoliņa Jansons/Jansone Ozols/Ozola Liepiņš/Liepiņa Krūmiņš/Krūmiņa Balodis/Balode Zariņš/Zariņa Pētersons/Pētersone Kļaviņš/Kļaviņa Vītols/Vītola',
    ),
  },
}

const native = (entry: string) => entry.split('|')[0] ?? entry

// Latin letters without diacritics; ł and ļ-like letters do not decompose, so they are mapped by hand.
const latin = (entry: string) =>
  (entry.split('|')[1] ?? entry)
    .toLowerCase()
    .replace(/ł/g, 'l')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')

/** Draws a culturally fitting full name and the Latin e-mail local part that goes with it. */
export function drawPersonName(rng: Random, language: DemoLanguage): { name: string; emailLocal: string } {
  const book = books[language]
  const female = rng.bool(0.55)
  const first = rng.pick(female ? book.female : book.male)
  const last = rng.pick(book.surnames)[female ? 1 : 0]
  const style = rng.int(0, 2)
  const emailLocal =
    style === 0
      ? `${latin(first)}.${latin(last)}`
      : style === 1
        ? `${latin(first)[0]}${latin(last)}`
        : `${latin(first)}${latin(last)}${rng.int(70, 99)}`
  return { name: `${native(first)} ${native(last)}`, emailLocal }
}
