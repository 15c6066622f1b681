import type { CustomerRecord, EventRecord, OrderRecord } from '../../customers/records.js'
import type { DemoLanguage } from '../names.js'
import { createRandom, type Random } from '../random.js'
import { regions } from '../regions.js'
import { DAY, HOUR } from './clock.js'
import { type CommentTheme, comments } from './feedback-comments.js'

/** The demo's surveys, each made from a template (see demo-surveys.ts). */
export type DemoSurveyKey = 'delivery_nps' | 'support_csat' | 'relational_nps' | 'six_forces' | 'commitment'

export interface DemoResponse {
  responseId: string
  /** The customer's external id. */
  customerId: string
  answeredAt: Date
  channel: 'email' | 'link' | 'widget'
  language: DemoLanguage
  /** Question id → answer; a battery answer is statement id → score. */
  answers: Record<string, number | string | string[] | Record<string, number>>
}

/** The region whose deliveries go worst: its customers score the delivery lower. */
export const BAD_DELIVERY_REGION = 'riga'
/** A customer "stays" after a moment when they order again within this many days. */
export const STAY_DAYS = 180

const forceStatements = [
  'pleasure_1',
  'belonging_1',
  'clarity_1',
  'clarity_2',
  'fairness_1',
  'fairness_2',
  'control_1',
  'control_2',
  'status_1',
  'status_2',
]
const commitmentStatements = {
  affective: ['affective_1', 'affective_2', 'affective_3'],
  normative: ['normative_1', 'normative_2'],
  economic: ['economic_1', 'economic_2'],
  forced: ['forced_1', 'forced_2'],
  habitual: ['habitual_1', 'habitual_2'],
}

interface Known {
  customer: CustomerRecord
  region: string
  language: DemoLanguage
  /** Times of the orders that were not cancelled or returned, ascending. */
  orderTimes: number[]
  lateDeliveries: number[]
}

/**
 * A year of survey answers consistent with what the customers did: someone who does not order again within
 * STAY_DAYS scores lower (so detractors churn more), a late delivery and the bad delivery region score lower,
 * a support contact about a delay scores lower. Comments are in the customer's language. Draws from its own
 * random source, so the customers, orders and events of a seed do not change.
 */
export function drawSurveyResponses(
  data: { customers: CustomerRecord[]; orders: OrderRecord[]; events: EventRecord[] },
  options: { seed: number; end: number },
): Record<DemoSurveyKey, DemoResponse[]> {
  const rng = createRandom((options.seed ^ 0x5eed) >>> 0)
  // Repurchase intent draws from its own source, so that every other answer of a seed stays as it was.
  const intentRng = createRandom((options.seed ^ 0xb0a) >>> 0)
  const known = knowCustomers(data)
  const stays = (k: Known, at: number) => k.orderTimes.some((t) => t > at && t <= at + STAY_DAYS * DAY)
  const out: Record<DemoSurveyKey, DemoResponse[]> = {
    delivery_nps: [],
    support_csat: [],
    relational_nps: [],
    six_forces: [],
    commitment: [],
  }
  const add = (
    key: DemoSurveyKey,
    k: Known,
    at: number,
    channel: DemoResponse['channel'],
    answers: DemoResponse['answers'],
  ) => {
    if (at >= options.end) return
    out[key].push({
      responseId: `${key}-${String(out[key].length + 1).padStart(5, '0')}`,
      customerId: k.customer.customer_id,
      answeredAt: new Date(Math.floor(at / 1000) * 1000),
      channel,
      language: k.language,
      answers,
    })
  }

  for (const e of data.events) {
    const k = known.get(e.customer_id)
    if (!k?.customer.email) continue
    const at = e.occurred_at.getTime()
    if (e.type === 'order_delivered' && rng.bool(0.2)) {
      const late = e.properties.on_time === false
      const mean =
        (stays(k, at) ? 9.2 : 7.3) - (late ? 2.5 : 0) - (k.region === BAD_DELIVERY_REGION ? 1.4 : 0)
      const nps = clamp(Math.round(rng.normal(mean, 1.4)), 0, 10)
      const answers: DemoResponse['answers'] = { nps }
      if (rng.bool(0.6)) answers.reason = say(rng, k, reasonTheme(rng, nps, late, k.region))
      if (nps < 9 && rng.bool(0.35)) answers.improve = say(rng, k, 'improve')
      add('delivery_nps', k, at + DAY + rng.int(0, 36) * HOUR, 'email', answers)
    }
    if (e.type === 'support_contact' && rng.bool(0.4)) {
      const topic = String(e.properties.topic)
      const mean = (stays(k, at) ? 4.3 : 3.1) - (topic === 'delivery_delay' ? 0.9 : 0)
      const csat = clamp(Math.round(rng.normal(mean, 0.8)), 1, 5)
      const answers: DemoResponse['answers'] = { csat }
      if (rng.bool(0.5))
        answers.better = say(
          rng,
          k,
          csat >= 4 ? 'support_good' : topic === 'delivery_delay' ? 'late' : 'support_slow',
        )
      add('support_csat', k, at + rng.int(2, 30) * HOUR, 'email', answers)
    }
  }

  // Quarterly relational NPS: a sample of the customers who had ordered before each wave.
  const all = [...known.values()].filter((k) => k.customer.email && k.orderTimes.length > 0)
  for (let wave = 1; wave <= 4; wave++) {
    const start = options.end - (13 - 3 * wave) * 30 * DAY
    for (const k of all) {
      const [first] = k.orderTimes
      if (first === undefined || first > start || !rng.bool(0.14)) continue
      const at = start + rng.int(0, 14 * 24) * HOUR
      const late = k.lateDeliveries.filter((t) => t < at).length
      const mean =
        (stays(k, at) ? 9.1 : 7.0) - Math.min(late, 2) * 1.2 - (k.region === BAD_DELIVERY_REGION ? 0.8 : 0)
      const nps = clamp(Math.round(rng.normal(mean, 1.5)), 0, 10)
      const answers: DemoResponse['answers'] = { nps, repurchase: intent(intentRng, stays(k, at), late) }
      if (rng.bool(0.55)) answers.reason = say(rng, k, reasonTheme(rng, nps, late > 0, k.region))
      const drivers = ['quality', 'price', 'delivery', 'service', 'range']
      answers.drivers = rng.bool(0.5) ? [rng.pick(drivers)] : pickTwo(rng, drivers)
      add('relational_nps', k, at, rng.bool(0.7) ? 'email' : 'widget', answers)
    }
  }

  // The six forces: a follow-up a few days after a relational NPS answer, once per customer. How the customer feels
  // about each force follows the score they gave; late deliveries cost clarity and control, the bad region fairness.
  // Pleasure and fairness carry most of NPS, belonging and status little: the Drivers tab's story.
  const followedUp = new Set<string>()
  for (const r of [...out.relational_nps]) {
    const k = known.get(r.customerId)
    if (!k || followedUp.has(r.customerId) || !rng.bool(0.45)) continue
    followedUp.add(r.customerId)
    const at = r.answeredAt.getTime() + rng.int(2, 7) * DAY
    const z = ((r.answers.nps as number) - 7.5) / 2
    const late = Math.min(k.lateDeliveries.filter((t) => t < at).length, 2)
    const bad = k.region === BAD_DELIVERY_REGION ? 1 : 0
    const means: Record<string, number> = {
      pleasure: 4.4 + 1.0 * z,
      belonging: 4.0 + 0.2 * z,
      clarity: 4.8 + 0.35 * z - 0.6 * late,
      fairness: 4.3 + 0.6 * z - 0.5 * bad,
      control: 4.7 + 0.25 * z - 0.5 * late,
      status: 4.1 + 0.1 * z,
    }
    const forces: Record<string, number> = {}
    for (const id of forceStatements) forces[id] = agree(rng, means[id.replace(/_\d+$/, '')]!)
    add('six_forces', k, at, 'link', { forces })
  }

  // The commitment battery: one wave, mid-year, on a panel of customers.
  const panelAt = options.end - 150 * DAY
  for (const k of all) {
    const [first] = k.orderTimes
    if (first === undefined || first > panelAt) continue
    const loyal = stays(k, panelAt)
    if (rng.bool(0.1)) {
      const commitment: Record<string, number> = {}
      const means = loyal
        ? { affective: 5.5, normative: 4.6, economic: 3.8, forced: 2.4, habitual: 4.8 }
        : { affective: 3.5, normative: 3.2, economic: 4.2, forced: 3.4, habitual: 3.1 }
      // The bad delivery region has no other shop near by: its customers stay for lack of choice, not attachment.
      const held =
        k.region === BAD_DELIVERY_REGION
          ? { affective: -1.2, economic: 0.6, forced: 1.8 }
          : ({} as Partial<typeof means>)
      for (const [dimension, ids] of Object.entries(commitmentStatements)) {
        const key = dimension as keyof typeof means
        for (const id of ids) commitment[id] = agree(rng, means[key] + (held[key] ?? 0))
      }
      add('commitment', k, panelAt + rng.int(0, 10 * 24) * HOUR, 'link', { commitment })
    }
  }
  for (const list of Object.values(out)) list.sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime())
  return out
}

function knowCustomers(data: {
  customers: CustomerRecord[]
  orders: OrderRecord[]
  events: EventRecord[]
}): Map<string, Known> {
  const regionOfStore = new Map(regions.flatMap((r) => r.stores.map(([code]) => [code, r.code] as const)))
  const known = new Map<string, Known>()
  for (const customer of data.customers)
    known.set(customer.customer_id, {
      customer,
      region: regionOfStore.get(customer.org_unit ?? '') ?? '',
      language: (customer.language ?? 'en') as DemoLanguage,
      orderTimes: [],
      lateDeliveries: [],
    })
  for (const o of data.orders)
    if (o.status === 'completed' || o.status === 'pending')
      known.get(o.customer_id)?.orderTimes.push(o.ordered_at.getTime())
  for (const e of data.events)
    if (e.type === 'order_delivered' && e.properties.on_time === false)
      known.get(e.customer_id)?.lateDeliveries.push(e.occurred_at.getTime())
  for (const k of known.values()) k.orderTimes.sort((a, b) => a - b)
  return known
}

/**
 * How likely a customer says they are to buy again (0–10): it follows what they go on to do more than NPS does. A
 * late delivery costs a little; the bad delivery region, with no other shop near by, loses nothing: its customers
 * will buy again without recommending us (spurious loyalty).
 */
function intent(rng: Random, staying: boolean, lateDeliveries: number): number {
  return clamp(Math.round(rng.normal(staying ? 8.6 : 4.4, 1.3) - 0.4 * Math.min(lateDeliveries, 2)), 0, 10)
}

function reasonTheme(rng: Random, score: number, late: boolean, region: string): CommentTheme {
  if (score >= 9) return rng.pick(['quality', 'quality', 'fast', 'service'] as const)
  if (late) return 'late'
  if (score <= 6)
    return rng.pick(
      region === BAD_DELIVERY_REGION
        ? (['late', 'courier', 'damaged'] as const)
        : (['price', 'damaged', 'courier'] as const),
    )
  return rng.pick(['price', 'quality', 'improve'] as const)
}

function say(rng: Random, k: Known, theme: CommentTheme): string {
  return rng.pick(comments[theme])[k.language]
}

/** A 1–7 agreement around a mean. */
function agree(rng: Random, mean: number): number {
  return clamp(Math.round(rng.normal(mean, 1.1)), 1, 7)
}

function pickTwo(rng: Random, items: string[]): string[] {
  const first = rng.pick(items)
  const second = rng.pick(items.filter((i) => i !== first))
  return [first, second]
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x))
}
