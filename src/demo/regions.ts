import type { DemoLanguage } from './names.js'
import type { Random } from './random.js'

export interface OrgUnit {
  code: string
  name: string
  kind: 'company' | 'region' | 'store'
  parentCode: string | null
}

export interface Region {
  code: string
  name: string
  weight: number
  utcOffset: number
  languages: [DemoLanguage, number][]
  stores: [string, string][]
  phone: (rng: Random) => string
  domains: [string, number][]
  carriers: string[]
}

const digits = (rng: Random, n: number) => {
  let s = ''
  for (let i = 0; i < n; i++) s += rng.int(0, 9)
  return s
}

/** The three demo regions: their stores, customer languages, phone formats, e-mail domains and carriers. */
export const regions: Region[] = [
  {
    code: 'kyiv',
    name: 'Kyiv',
    weight: 0.4,
    utcOffset: 2,
    languages: [
      ['uk', 0.62],
      ['ru', 0.25],
      ['en', 0.13],
    ],
    stores: [
      ['kyiv-podil', 'Kyiv – Podil'],
      ['kyiv-obolon', 'Kyiv – Obolon'],
    ],
    phone: (rng) =>
      `+380${rng.pick(['50', '63', '66', '67', '68', '73', '93', '97', '99'])}${digits(rng, 7)}`,
    domains: [
      ['gmail.com', 5],
      ['ukr.net', 3],
      ['i.ua', 1],
      ['meta.ua', 1],
    ],
    carriers: ['Nova Poshta', 'Ukrposhta', 'Meest'],
  },
  {
    code: 'warsaw',
    name: 'Warsaw',
    weight: 0.35,
    utcOffset: 1,
    languages: [
      ['pl', 0.82],
      ['uk', 0.1],
      ['en', 0.08],
    ],
    stores: [
      ['warsaw-srodmiescie', 'Warsaw – Śródmieście'],
      ['warsaw-mokotow', 'Warsaw – Mokotów'],
    ],
    phone: (rng) => `+48${rng.pick(['5', '6', '7', '8'])}${digits(rng, 8)}`,
    domains: [
      ['gmail.com', 5],
      ['wp.pl', 3],
      ['onet.pl', 2],
      ['o2.pl', 1],
      ['interia.pl', 1],
    ],
    carriers: ['InPost', 'DPD', 'Poczta Polska'],
  },
  {
    code: 'riga',
    name: 'Riga',
    weight: 0.25,
    utcOffset: 2,
    languages: [
      ['lv', 0.55],
      ['ru', 0.33],
      ['en', 0.12],
    ],
    stores: [
      ['riga-centrs', 'Riga – Centrs'],
      ['riga-teika', 'Riga – Teika'],
    ],
    phone: (rng) => `+3712${digits(rng, 7)}`,
    domains: [
      ['gmail.com', 5],
      ['inbox.lv', 3],
      ['apollo.lv', 1],
    ],
    carriers: ['Omniva', 'DPD', 'Latvijas Pasts'],
  },
]
export const englishDomains: [string, number][] = [
  ['gmail.com', 5],
  ['outlook.com', 2],
  ['icloud.com', 1],
  ['yahoo.com', 1],
]
/** The demo company's org units: company → 3 regions → 2 stores each. */
export function demoOrgUnits(): OrgUnit[] {
  const units: OrgUnit[] = [
    { code: 'rapport-coffee', name: 'Rapport Coffee & Tea', kind: 'company', parentCode: null },
  ]
  for (const r of regions) {
    units.push({ code: r.code, name: r.name, kind: 'region', parentCode: 'rapport-coffee' })
    for (const [code, name] of r.stores) units.push({ code, name, kind: 'store', parentCode: r.code })
  }
  return units
}
