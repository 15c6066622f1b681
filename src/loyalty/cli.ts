import type { Command } from 'commander'
import { systemActor } from '../access/audit.js'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { sql } from '../db/sql.js'
import { HttpError } from '../http/errors.js'
import { creditPoints, getBalance, redeemPoints } from './ledger.js'
import { defaultExpiry, enrollMember, findMember, getProgram, type Member } from './members.js'
import { getMemberTier } from './tiers.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

function parsePoints(text: string): bigint {
  if (!/^[1-9][0-9]{0,15}$/.test(text))
    throw new UsageError(`points: '${text}' is not a whole number of at least 1`)
  return BigInt(text)
}

/** The customer by its own id (the shop's) or Rapport's uuid; enrolled in the program when `enroll` is set. */
async function resolveMember(db: Db, workspaceId: string, wanted: string, enroll: boolean): Promise<Member> {
  const [customer] = await db.query<{ id: string }>(sql`select id::text from customers
    where workspace_id = ${workspaceId} and (external_id = ${wanted} or id::text = ${wanted})`)
  if (!customer) throw new CliError(`no customer '${wanted}' in this workspace`)
  const access = { workspaceId, unitPath: null }
  const member = enroll
    ? (await enrollMember(db, access, customer.id, new Date()))?.member
    : await findMember(db, access, customer.id)
  if (!member) throw new CliError(`customer '${wanted}' is not enrolled in the loyalty program`)
  return member
}

/** `rapport loyalty balance|credit|redeem`: a member's points from the terminal. */
export function registerLoyaltyCommands(program: Command): void {
  const loyalty = program.command('loyalty').description("the loyalty program: a member's points and tier")
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
          const now = new Date()
          const expiresAt = defaultExpiry(await getProgram(db, ws.id), now)
          const { lot, created } = await creditPoints(db, {
            memberId: member.id,
            sourceType,
            sourceId,
            rule: o.rule,
            points,
            expiresAt,
            reason: o.reason ?? null,
            actor: systemActor,
            now,
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
}
