import { customerInUnit, type UnitAccess } from '../../access/unit-scope.js'
import type { Db } from '../../db/db.js'
import type { SegmentResultsOf } from '../diagnosis/diagnosis.sql.js'
import { analyzeKeyDrivers, type KeyDrivers, MIN_CASES } from './key-drivers.js'
import { batteryKeys, heldWithoutAttachment, orderDimensions } from './profiles.js'
import {
  type DriverGrouping,
  type DriverOutcome,
  getBatteryProfiles,
  getCustomerBatteryScores,
  getCustomerScores,
} from './queries.js'

export type { DriverGrouping, DriverOutcome } from './queries.js'

/** Rows drawn over all bootstrap resamples at most (resamples × complete cases), and the fewest resamples kept. */
export const BOOTSTRAP_ROW_BUDGET = 20_000_000
const MIN_RESAMPLES = 200

// Groups in the order people read them: by name, the customers without a group last.
const byLabel = (a: { label: string | null }, b: { label: string | null }) =>
  a.label === null ? 1 : b.label === null ? -1 : a.label.localeCompare(b.label)

/** A group's importance × performance points: each driver's weight against its mean score. */
export interface DriverGroup {
  group: string | null
  label: string | null
  n: number
  r2: number
  drivers: { driver: string; weight: number; share: number; mean: number }[]
}

export interface WorkspaceDrivers {
  battery: string
  outcome: DriverOutcome
  groupBy: DriverGrouping
  /** Null when fewer than MIN_CASES customers have both the battery and the outcome. */
  overall: KeyDrivers | null
  /** Customers who answered the battery, with or without the outcome. */
  answered: number
  groups: DriverGroup[]
  /** Groups with fewer than MIN_CASES complete cases: named, not analysed. */
  smallGroups: { group: string | null; label: string | null; n: number }[]
  minCases: number
}

/**
 * The battery's dimensions as drivers of the outcome over the caller's customers, with bootstrap intervals, and the
 * importance × performance points of each group (segment, org unit or touchpoint).
 */
export async function getWorkspaceDrivers(
  db: Db,
  access: UnitAccess,
  options: {
    battery: string
    outcome: DriverOutcome
    groupBy: DriverGrouping
    resamples: number
    seed: number
    segmentResults: SegmentResultsOf
  },
): Promise<WorkspaceDrivers> {
  const customers = await getCustomerScores(
    db,
    access,
    options.battery,
    options.outcome,
    options.groupBy,
    options.segmentResults,
  )
  const dimensions = orderDimensions(
    options.battery,
    customers.flatMap((c) => Object.keys(c.scores)),
  )
  const rowsOf = (list: typeof customers) =>
    list.map((c) => ({ y: c.outcome, x: dimensions.map((d) => c.scores[d] ?? null) }))
  // Per touchpoint a customer may appear once per touchpoint; overall, once (their latest answer).
  const overallRows = new Map<string, (typeof customers)[number]>()
  for (const c of customers) if (!overallRows.has(c.customerId)) overallRows.set(c.customerId, c)
  const analyse = (list: typeof customers, resamples: number) =>
    analyzeKeyDrivers(options.outcome, dimensions, rowsOf(list), { resamples, seed: options.seed })
  const complete = [...overallRows.values()].filter(
    (c) => c.outcome !== null && dimensions.every((d) => c.scores[d] !== undefined),
  ).length
  // The bootstrap redraws every row per resample: on a very large workspace fewer resamples keep the answer quick.
  const resamples = Math.min(
    options.resamples,
    Math.max(MIN_RESAMPLES, Math.floor(BOOTSTRAP_ROW_BUDGET / Math.max(complete, 1))),
  )
  const all = dimensions.length ? analyse([...overallRows.values()], resamples) : null
  const byGroup = new Map<string | null, typeof customers>()
  for (const c of customers) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c])
  const groups: DriverGroup[] = []
  const smallGroups: WorkspaceDrivers['smallGroups'] = []
  for (const [group, list] of byGroup) {
    const label = list[0]?.groupLabel ?? null
    const result = analyse(list, 0)
    if (result.n < MIN_CASES || result.drivers.length === 0) {
      smallGroups.push({ group, label, n: result.n })
      continue
    }
    groups.push({
      group,
      label,
      n: result.n,
      r2: result.r2,
      drivers: result.drivers.map((d) => ({
        driver: d.driver,
        weight: d.weight,
        share: d.share,
        mean: d.mean,
      })),
    })
  }
  return {
    battery: options.battery,
    outcome: options.outcome,
    groupBy: options.groupBy,
    overall: all && all.n >= MIN_CASES && all.drivers.length ? all : null,
    answered: overallRows.size,
    groups: groups.sort(byLabel),
    smallGroups: smallGroups.sort(byLabel),
    minCases: MIN_CASES,
  }
}

export interface BatteryProfile {
  battery: string
  groupBy: DriverGrouping
  dimensions: string[]
  groups: {
    group: string | null
    label: string | null
    n: number
    means: Record<string, number>
    /** Commitment only: forced or economic commitment above neutral with affective below it. */
    heldWithoutAttachment: boolean
  }[]
}

/** The mean of each battery dimension per group: the commitment profile or the forces profile. */
export async function getBatteryProfile(
  db: Db,
  access: UnitAccess,
  battery: string,
  groupBy: DriverGrouping,
  segmentResults: SegmentResultsOf,
): Promise<BatteryProfile> {
  const rows = await getBatteryProfiles(db, access, battery, groupBy, segmentResults)
  const groups = new Map<string, BatteryProfile['groups'][number]>()
  for (const r of rows) {
    const key = r.group ?? ''
    let g = groups.get(key)
    if (!g) {
      g = { group: r.group, label: r.label, n: 0, means: {}, heldWithoutAttachment: false }
      groups.set(key, g)
    }
    g.means[r.dimension] = r.mean
    g.n = Math.max(g.n, r.n)
  }
  for (const g of groups.values())
    g.heldWithoutAttachment = battery === batteryKeys.commitment && heldWithoutAttachment(g.means)
  return {
    battery,
    groupBy,
    dimensions: orderDimensions(
      battery,
      rows.map((r) => r.dimension),
    ),
    groups: [...groups.values()].sort(byLabel),
  }
}

/** One battery of one customer: their latest answer's dimension means. */
export interface CustomerBattery {
  answeredAt: Date
  dimensions: string[]
  scores: Record<string, number>
}

export interface CustomerProfiles {
  customerId: string
  /** The five-commitment profile; null when the customer never answered the battery. */
  commitment: (CustomerBattery & { heldWithoutAttachment: boolean }) | null
  /** The six-forces profile; null when never answered. */
  forces: CustomerBattery | null
}

/** A customer's own commitment and forces profiles, or null when the customer is not the caller's to see. */
export async function getCustomerProfiles(
  db: Db,
  access: UnitAccess,
  customerId: string,
): Promise<CustomerProfiles | null> {
  if (!(await customerInUnit(db, access, customerId))) return null
  const read = async (battery: string): Promise<CustomerBattery | null> => {
    const found = await getCustomerBatteryScores(db, access, battery, customerId)
    if (!found || Object.keys(found.scores).length === 0) return null
    return { ...found, dimensions: orderDimensions(battery, Object.keys(found.scores)) }
  }
  const [commitment, forces] = await Promise.all([read(batteryKeys.commitment), read(batteryKeys.forces)])
  return {
    customerId,
    commitment: commitment && {
      ...commitment,
      heldWithoutAttachment: heldWithoutAttachment(commitment.scores),
    },
    forces,
  }
}
