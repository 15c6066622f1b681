import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { parse as parseCsv } from 'csv-parse/sync'
import { systemActor } from '../access/audit.js'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { HttpError } from '../http/errors.js'
import { stringifyCsv } from '../http/stringify-csv.js'
import { recordActBatch } from './act-sources.js'
import {
  ACTS_CAP,
  type Engagement,
  FEEDBACK_CAP,
  getEngagement,
  HABIT_POINTS,
  RESPONSE_POINTS,
} from './engagement.js'
import { creditPoints, getBalance, redeemPoints } from './ledger.js'
import { enrollMember, findMember, type Member } from './members.js'
import { getReferralCode, listReferrals, type ReferralStatus } from './referrals.js'
import { getMemberTier } from './tiers.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

function parsePoints(text: string): bigint {
  if (!/^[1-9][0-9]{0,15}$/.test(text))
    throw new UsageError(`points: '${text}' is not a whole number of at least 1`)
  return BigInt(text)
}

/** The id of the customer with this id of its own (the shop's) or Rapport's uuid. */
async function resolveCustomer(db: Db, workspaceId: string, wanted: string): Promise<string> {
  const [customer] = await db.query<{ id: string }>(sql`select id::text from customers
    where workspace_id = ${workspaceId} and (external_id = ${wanted} or id::text = ${wanted})`)
  if (!customer) throw new CliError(`no customer '${wanted}' in this workspace`)
  return customer.id
}

/** The customer by its own id (the shop's) or Rapport's uuid; enrolled in the program when `enroll` is set. */
async function resolveMember(db: Db, workspaceId: string, wanted: string, enroll: boolean): Promise<Member> {
  const customerId = await resolveCustomer(db, workspaceId, wanted)
  const access = { workspaceId, unitPath: null }
  const member = enroll
    ? (await enrollMember(db, access, customerId, new Date()))?.member
    : await findMember(db, access, customerId)
  if (!member) throw new CliError(`customer '${wanted}' is not enrolled in the loyalty program`)
  return member
}

/** `rapport loyalty …`: a member's points, referrals, engagement and acts from the terminal. */
export function registerLoyaltyCommands(program: Command): void {
  const loyalty = program
    .command('loyalty')
    .description("the loyalty program: a member's points and tier, referrals, engagement, acts")
  loyalty
    .command('balance')
    .description('the points a member can spend now, and their tier')
    .argument('<customer>', "the customer's id (as imported) or Rapport's id")
    .option(...workspaceOption)
    .action(async (wanted: string, o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const member = await resolveMember(db, ws.id, wanted, false)
        const balance = await getBalance(db, member.id, new Date())
        const tier = await getMemberTier(db, member.id)
        console.log(`${wanted}: ${balance} points, tier ${tier?.name ?? 'none'}`)
      })
    })
  loyalty
    .command('credit')
    .description(
      'credit points as a lot (enrolls the customer); the same source and rule again credits nothing',
    )
    .argument('<customer>', "the customer's id (as imported) or Rapport's id")
    .argument('<points>', 'a whole number of points')
    .requiredOption('--source <type:id>', 'what earned them, e.g. order:O-1001 or act:review-7')
    .option('--rule <name>', 'the rule that gave them', 'manual')
    .option('--reason <text>', 'why, for the ledger')
    .option(...workspaceOption)
    .action(
      async (
        wanted: string,
        pointsText: string,
        o: { source: string; rule: string; reason?: string; workspace?: string },
      ) => {
        const points = parsePoints(pointsText)
        const match = /^([^:]{1,50}):(.{1,200})$/.exec(o.source)
        if (!match?.[1] || !match[2]) throw new UsageError(`--source: '${o.source}' is not type:id`)
        const [sourceType, sourceId] = [match[1], match[2]]
        await withDb(async (db) => {
          const ws = await resolveWorkspace(db, o.workspace)
          const member = await resolveMember(db, ws.id, wanted, true)
          const { lot, created } = await creditPoints(db, {
            memberId: member.id,
            sourceType,
            sourceId,
            rule: o.rule,
            points,
            expiresAt: 'program',
            reason: o.reason ?? null,
            actor: systemActor,
            now: new Date(),
          })
          console.log(
            created
              ? `credited ${lot.points} points to ${wanted}${lot.expiresAt ? `, expiring ${lot.expiresAt.toISOString()}` : ''}`
              : `already credited: ${lot.points} points for ${o.source} (${o.rule}); nothing added`,
          )
        })
      },
    )
  loyalty
    .command('redeem')
    .description("spend a member's points, the soonest to expire first")
    .argument('<customer>', "the customer's id (as imported) or Rapport's id")
    .argument('<points>', 'a whole number of points')
    .requiredOption('--for <id>', 'what the points pay for, e.g. reward-coffee')
    .option('--reference <id>', 'your id for this redemption: repeating it spends nothing more')
    .option('--reason <text>', 'why, for the ledger')
    .option(...workspaceOption)
    .action(
      async (
        wanted: string,
        pointsText: string,
        o: { for: string; reference?: string; reason?: string; workspace?: string },
      ) => {
        const points = parsePoints(pointsText)
        await withDb(async (db) => {
          const ws = await resolveWorkspace(db, o.workspace)
          const member = await resolveMember(db, ws.id, wanted, false)
          const now = new Date()
          try {
            const { created } = await redeemPoints(db, {
              memberId: member.id,
              points,
              sourceType: 'reward',
              sourceId: o.for,
              reference: o.reference ?? null,
              reason: o.reason ?? null,
              actor: systemActor,
              now,
            })
            const balance = await getBalance(db, member.id, now)
            console.log(
              `${created ? 'redeemed' : 'already redeemed'} ${points} points for ${o.for}; ${balance} points left`,
            )
          } catch (error) {
            if (error instanceof HttpError && error.code === 'insufficient_points')
              throw new CliError(error.message)
            throw error
          }
        })
      },
    )
  addReferralCommands(loyalty)
  addEngagementCommand(loyalty)
  addImportActsCommand(loyalty)
}

const referralStatuses: readonly ReferralStatus[] = ['pending', 'rewarded', 'refused']

function addReferralCommands(loyalty: Command): void {
  customerView(
    loyalty,
    'referral-code',
    "a customer's referral code and link: made on first asking, the same ever after",
    async (db, access, customerId, wanted) => {
      const referral = await getReferralCode(db, access, customerId, new Date())
      return (
        referral &&
        `${wanted}: referral code ${referral.code}${referral.link ? `, link ${referral.link}` : ''}`
      )
    },
  )
  loyalty
    .command('referrals')
    .description(
      'the referrals, newest first: who referred whom, and whether it was rewarded or refused (and why)',
    )
    .option('--status <status>', `only these: ${referralStatuses.join(', ')}`)
    .option('--limit <n>', 'at most this many', '50')
    .option('--csv', 'as CSV (cells that a spreadsheet would run as formulas are neutralised)')
    .option(...workspaceOption)
    .action(async (o: { status?: string; limit: string; csv?: boolean; workspace?: string }) => {
      const status = o.status === undefined ? undefined : referralStatuses.find((s) => s === o.status)
      if (o.status !== undefined && !status)
        throw new UsageError(`--status: '${o.status}' is not one of ${referralStatuses.join(', ')}`)
      if (!/^[1-9][0-9]{0,4}$/.test(o.limit)) throw new UsageError(`--limit: '${o.limit}' is not 1 to 99999`)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const access = { workspaceId: ws.id, unitPath: null }
        const referrals = await listReferrals(db, access, { status, limit: Number(o.limit), offset: 0 })
        const names = await externalIds(db, ws.id, [
          ...referrals.map((r) => r.referrerCustomerId),
          ...referrals.map((r) => r.referredCustomerId),
        ])
        const rows = referrals.map((r) => [
          r.createdAt.toISOString(),
          names.get(r.referrerCustomerId) ?? r.referrerCustomerId,
          names.get(r.referredCustomerId) ?? r.referredCustomerId,
          r.code,
          r.status,
          r.refusedBecause ?? '',
        ])
        const header = ['created_at', 'referrer', 'referred', 'code', 'status', 'refused_because']
        if (o.csv) process.stdout.write(stringifyCsv([header, ...rows]))
        else if (rows.length === 0) console.log('no referrals')
        else for (const row of rows) console.log(row.filter((cell) => cell !== '').join('  '))
      })
    })
}

/** The shop's own ids of these customers, where they have one. */
async function externalIds(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await db.query<{
    id: string
    externalId: string
  }>(sql`select id::text, external_id as "externalId"
    from customers where workspace_id = ${workspaceId} and id = any(${ids}::uuid[]) and external_id is not null`)
  return new Map(rows.map((row) => [row.id, row.externalId]))
}

function addEngagementCommand(loyalty: Command): void {
  customerView(
    loyalty,
    'engagement',
    "a customer's engagement score (0 to 100) and the parts that made it",
    async (db, access, customerId, wanted) => {
      const engagement = await getEngagement(db, access, customerId, new Date())
      return engagement && explainEngagement(wanted, engagement)
    },
  )
}

/** A command that prints what `read` makes of one customer, named by the shop's id or Rapport's. */
function customerView(
  loyalty: Command,
  name: string,
  description: string,
  read: (
    db: Db,
    access: { workspaceId: string; unitPath: null },
    customerId: string,
    wanted: string,
  ) => Promise<string | undefined>,
): void {
  loyalty
    .command(name)
    .description(description)
    .argument('<customer>', "the customer's id (as imported) or Rapport's id")
    .option(...workspaceOption)
    .action(async (wanted: string, o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const customerId = await resolveCustomer(db, ws.id, wanted)
        const text = await read(db, { workspaceId: ws.id, unitPath: null }, customerId, wanted)
        if (text === undefined) throw new CliError(`no customer '${wanted}' in this workspace`)
        console.log(text)
      })
    })
}

/** The score in words: each part, what earned it, and its cap. */
export function explainEngagement(name: string, e: Engagement): string {
  const { acts, feedback, habit } = e.parts
  const kinds = Object.entries(acts.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ')
  return [
    `${name}: engagement ${e.score} of ${ACTS_CAP + FEEDBACK_CAP + HABIT_POINTS.steady}`,
    `  acts      ${acts.points} of ${ACTS_CAP} (${acts.count} in the last 365 days${kinds ? `: ${kinds}` : ''})`,
    `  feedback  ${feedback.points} of ${FEEDBACK_CAP} (${feedback.responses} responses, ${RESPONSE_POINTS} each)`,
    `  habit     ${habit.points} of ${HABIT_POINTS.steady} (${habit.state})`,
  ].join('\n')
}

const actColumns = {
  customer: 'customerId',
  kind: 'kind',
  source_id: 'sourceId',
  occurred_at: 'occurredAt',
} as const

function addImportActsCommand(loyalty: Command): void {
  loyalty
    .command('import-acts')
    .description(
      'record acts of loyalty from a CSV file with the columns customer, kind, source_id, occurred_at (and note); ' +
        'a bad line is reported by its number and the others are recorded; a line recorded before changes nothing',
    )
    .argument('<file>', 'the CSV file (UTF-8, a header line first)')
    .option(...workspaceOption)
    .action(async (file: string, o: { workspace?: string }) => {
      const lines = readActsCsv(file)
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const access = { workspaceId: ws.id, unitPath: null, actor: systemActor }
        const outcomes = await recordActBatch(
          db,
          access,
          lines.map((line) => line.item),
          new Date(),
        )
        let created = 0
        let existing = 0
        const refused: string[] = []
        for (const outcome of outcomes) {
          if (outcome.status === 'created') created++
          else if (outcome.status === 'existing') existing++
          else if (outcome.status === 'invalid') {
            const { index, field, message } = outcome
            const column = Object.entries(actColumns).find(([, name]) => name === field)?.[0]
            refused.push(`line ${lines[index]?.line}: ${column ?? field}: ${message}`)
          }
        }
        for (const message of refused) console.error(message)
        console.log(`${created} acts recorded, ${existing} already there, ${refused.length} lines refused`)
        if (refused.length > 0) throw new CliError(`${refused.length} of ${lines.length} lines refused`)
      })
    })
}

/** The file's lines as act items, each with its line number in the file. */
function readActsCsv(file: string): { line: number; item: Record<string, unknown> }[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new CliError(`cannot read ${file}`)
  }
  let records: { record: Record<string, string>; info: { lines: number } }[]
  try {
    records = parseCsv(text, {
      bom: true,
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    })
  } catch (error) {
    throw new CliError(`${file} is not CSV: ${error instanceof Error ? error.message : String(error)}`)
  }
  const first = records[0]?.record
  const missing = first ? Object.keys(actColumns).filter((column) => !(column in first)) : []
  if (missing.length > 0) throw new UsageError(`${file}: no column ${missing.join(', ')} in the header line`)
  return records.map(({ record, info }) => ({
    line: info.lines,
    item: {
      customerId: record.customer,
      kind: record.kind,
      sourceId: record.source_id,
      occurredAt: record.occurred_at,
      ...(record.note ? { note: record.note } : {}),
    },
  }))
}
