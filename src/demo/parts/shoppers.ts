import type { DemoLanguage } from '../names.js'
import type { Random } from '../random.js'
import { type Region, regions } from '../regions.js'
import { atLocalHour, DAY, type DemoCalendar, MINUTE, onlineHours, storeHours } from './clock.js'

export type SignupSource = 'web' | 'app' | 'store' | 'referral'

/** A demo customer's latent traits and purchase times, from which their records and events are drawn. */
export interface Shopper {
  customerId: string
  region: Region
  store: string
  language: DemoLanguage
  source: SignupSource
  joinedAt: number
  /** Purchases per day while active. */
  rate: number
  /** Relative basket size (mean 1). */
  basket: number
  buyer: boolean
  /** Epoch milliseconds, strictly increasing, all before the end of the data set. */
  purchaseTimes: number[]
  signedUpAt: number
}

const regionWeights = regions.map((r) => [r, r.weight] as const)
const signupSources: [SignupSource, number][] = [
  ['web', 0.45],
  ['app', 0.2],
  ['store', 0.25],
  ['referral', 0.1],
]
const MAX_PURCHASES = 150

/** Draws the `index`-th customer's region, store, language, sign-up and purchase times. */
export function drawShopper(rng: Random, index: number, calendar: DemoCalendar): Shopper {
  const region = rng.weighted(regionWeights)
  const [store] = rng.pick(region.stores)
  const language = rng.weighted(region.languages)
  const source = rng.weighted(signupSources)
  const month = rng.weighted(calendar.monthWeights)
  const [monthStart, monthEnd] = calendar.monthStarts.slice(month, month + 2)
  if (monthStart === undefined || monthEnd === undefined)
    throw new Error(`the calendar has no month ${month}`)
  const joinedAt = monthStart + rng.next() * (monthEnd - monthStart)
  // Pareto/NBD-like latent traits: purchase rate per day ~ gamma, dropout after each purchase ~ beta.
  const rate = rng.gamma(0.9, 1 / (55 * 0.9))
  const dropout = rng.beta(1, 3.5)
  const basket = rng.gamma(3, 1 / 3)
  const buyer = rng.bool(0.93)
  const hours = source === 'store' ? storeHours : onlineHours
  const purchaseTimes = buyer
    ? drawPurchaseTimes(rng, { region, hours, joinedAt, rate, dropout, end: calendar.end })
    : []
  const signedUpAt = Math.floor((purchaseTimes[0] ?? joinedAt) / 1000) * 1000 - rng.int(1, 30) * MINUTE
  return {
    customerId: `C-${String(index + 1).padStart(5, '0')}`,
    region,
    store,
    language,
    source,
    joinedAt,
    rate,
    basket,
    buyer,
    purchaseTimes,
    signedUpAt,
  }
}

/** Purchases from joining on, at exponential gaps, until the shopper drops out or the data set ends. */
function drawPurchaseTimes(
  rng: Random,
  shopper: Pick<Shopper, 'region' | 'joinedAt' | 'rate'> & {
    hours: [number, number][]
    dropout: number
    end: number
  },
): number[] {
  const times: number[] = []
  let t = shopper.joinedAt
  while (times.length < MAX_PURCHASES) {
    const at = atLocalHour(rng, t, shopper.region, shopper.hours)
    if (at >= shopper.end) break
    if (at > (times.at(-1) ?? 0)) times.push(at)
    if (rng.bool(shopper.dropout)) break
    t += rng.exponential(shopper.rate) * DAY
  }
  return times
}
