import type { Command } from 'commander'
import { CliError, UsageError, withDb } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { isUuid } from '../db/is-uuid.js'
import { apiKeyInputSchema, createApiKey, listApiKeys, revokeApiKey } from './api-keys.js'
import { recordAudit, systemActor } from './audit.js'
import { check, operatorOf, readSecretLine, userByEmail } from './cli-support.js'
import { addMember, changeMember, removeMember } from './members.js'
import { findOrgUnitByCode, listOrgUnits } from './org-units.js'
import { resetPassword } from './password-changes.js'
import { roleSchema } from './roles.js'
import { registerSetupCommands } from './setup-cli.js'
import { emailSchema, listMembers, passwordSchema } from './users.js'

const workspaceOption = ['--workspace <id|name>', 'the workspace (needed when there are several)'] as const

/** `rapport setup`, `rapport workspace …`, `rapport user …` and `rapport apikey …`. */
export function registerAccessCommands(program: Command): void {
  registerSetupCommands(program)
  registerUserCommands(program)
  registerApiKeyCommands(program)
}

function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage people who log in')
  user
    .command('add')
    .description('add a person to a workspace with a role')
    .requiredOption('--email <email>', 'their e-mail, used to log in')
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--password <password>', 'at least 10 characters (or set RAPPORT_PASSWORD and pass "-")')
    .option('--role <role>', 'owner, admin, analyst, agent or viewer', 'viewer')
    .option('--org-unit <code>', 'limit them to this org unit and below')
    .option(...workspaceOption)
    .action(
      async (o: {
        email: string
        name: string
        password: string
        role: string
        orgUnit?: string
        workspace?: string
      }) => {
        const email = check(emailSchema, o.email, '--email')
        const password = check(
          passwordSchema,
          o.password === '-' ? (process.env.RAPPORT_PASSWORD ?? '') : o.password,
          '--password',
        )
        const role = check(roleSchema, o.role, '--role')
        await withDb(async (db) => {
          const ws = await operatorOf(db, o.workspace)
          const orgUnitId = o.orgUnit ? await unitIdOf(db, ws, o.orgUnit) : null
          await addMember(db, ws, { email, name: o.name, password, role, orgUnitId }).catch(
            (error: Error) => {
              throw new CliError(error.message)
            },
          )
          console.log(
            `added ${email} to ${ws.name} as ${role}${o.orgUnit ? ` for ${o.orgUnit} and below` : ''}`,
          )
        })
      },
    )

  user
    .command('list')
    .description("the workspace's members: e-mail, name, role and org unit")
    .option(...workspaceOption)
    .action(async (o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await operatorOf(db, o.workspace)
        const units = new Map((await listOrgUnits(db, ws.workspaceId)).map((u) => [u.id, u.code]))
        const members = await listMembers(db, ws)
        console.log(['email', 'name', 'role', 'org unit'].join('\t'))
        for (const m of members)
          console.log(
            [m.email, m.name, m.role, m.orgUnitId ? (units.get(m.orgUnitId) ?? '') : '(all)'].join('\t'),
          )
      })
    })

  user
    .command('remove')
    .description('take a person out of the workspace; their next request there is refused')
    .requiredOption('--email <email>', 'their e-mail')
    .option(...workspaceOption)
    .action(async (o: { email: string; workspace?: string }) => {
      const email = check(emailSchema, o.email, '--email')
      await withDb(async (db) => {
        const ws = await operatorOf(db, o.workspace)
        const person = await userByEmail(db, email)
        await removeMember(db, ws, person.id)
        console.log(`removed ${email} from ${ws.name}`)
      })
    })

  user
    .command('role')
    .description("change a member's role or org unit, from the next request on")
    .requiredOption('--email <email>', 'their e-mail')
    .option('--role <role>', 'owner, admin, analyst, agent or viewer')
    .option('--org-unit <code>', 'limit them to this org unit and below')
    .option('--whole-workspace', 'lift the org unit limit')
    .option(...workspaceOption)
    .action(
      async (o: {
        email: string
        role?: string
        orgUnit?: string
        wholeWorkspace?: boolean
        workspace?: string
      }) => {
        const email = check(emailSchema, o.email, '--email')
        const role = o.role === undefined ? undefined : check(roleSchema, o.role, '--role')
        if (o.orgUnit && o.wholeWorkspace)
          throw new UsageError('give --org-unit or --whole-workspace, not both')
        if (!role && !o.orgUnit && !o.wholeWorkspace)
          throw new UsageError('give --role, --org-unit or --whole-workspace')
        await withDb(async (db) => {
          const ws = await operatorOf(db, o.workspace)
          const person = await userByEmail(db, email)
          const orgUnitId = o.orgUnit
            ? await unitIdOf(db, ws, o.orgUnit)
            : o.wholeWorkspace
              ? null
              : undefined
          const member = await changeMember(db, ws, person.id, { role, orgUnitId })
          console.log(
            `${email} is ${member.role} in ${ws.name}${o.orgUnit ? ` for ${o.orgUnit} and below` : ''}`,
          )
        })
      },
    )

  user
    .command('password-reset')
    .description("set a member's password and end their sessions; a generated one is printed once")
    .requiredOption('--email <email>', 'their e-mail')
    .option('--password-stdin', 'read the new password from standard input (else one is generated)')
    .option(...workspaceOption)
    .action(async (o: { email: string; passwordStdin?: boolean; workspace?: string }) => {
      const email = check(emailSchema, o.email, '--email')
      const password = o.passwordStdin
        ? check(passwordSchema, await readSecretLine(), '--password-stdin')
        : undefined
      await withDb(async (db) => {
        const ws = await operatorOf(db, o.workspace)
        const person = await userByEmail(db, email)
        const { temporaryPassword } = await resetPassword(db, ws, person.id, password)
        console.log(`reset the password of ${email}; their sessions have ended`)
        if (temporaryPassword) console.log(`temporary password (shown once):\n${temporaryPassword}`)
      })
    })
}

function registerApiKeyCommands(program: Command): void {
  const apikey = program.command('apikey').description('manage API keys')
  apikey
    .command('create')
    .description('create an API key; its secret is printed once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "shop sync"')
    .option('--scopes <list>', 'comma-separated: read, write, ingest', 'read')
    .option(...workspaceOption)
    .action(async (o: { name: string; scopes: string; workspace?: string }) => {
      const input = check(
        apiKeyInputSchema,
        { name: o.name, scopes: o.scopes.split(',').map((s) => s.trim()) },
        '--scopes',
      )
      await withDb(async (db) => {
        const ws = await operatorOf(db, o.workspace)
        const key = await db.transaction(async (tx) => {
          const created = await createApiKey(tx, ws.workspaceId, input, null)
          await recordAudit(tx, {
            workspaceId: ws.workspaceId,
            actor: systemActor,
            action: 'create',
            entityType: 'api_key',
            entityId: created.id,
            details: { name: created.name, scopes: created.scopes, via: 'cli' },
          })
          return created
        })
        console.log(
          `API key "${key.name}" for ${ws.name} (${key.scopes.join(', ')}); keep it now, it is not shown again:`,
        )
        console.log(key.secret)
      })
    })

  apikey
    .command('list')
    .description("the workspace's API keys (never their secrets)")
    .option(...workspaceOption)
    .action(async (o: { workspace?: string }) => {
      await withDb(async (db) => {
        const ws = await operatorOf(db, o.workspace)
        console.log(['id', 'name', 'prefix', 'scopes', 'created', 'last used', 'revoked'].join('\t'))
        for (const k of await listApiKeys(db, ws.workspaceId))
          console.log(
            [k.id, k.name, k.prefix, k.scopes.join(','), k.createdAt, k.lastUsedAt, k.revokedAt]
              .map((v) => (v instanceof Date ? v.toISOString() : (v ?? '')))
              .join('\t'),
          )
      })
    })

  apikey
    .command('revoke')
    .description('revoke an API key at once (its id from `rapport apikey list`)')
    .argument('<id>', 'the key id')
    .option(...workspaceOption)
    .action(async (id: string, o: { workspace?: string }) => {
      if (!isUuid(id)) throw new UsageError(`<id>: '${id}' is not a key id (see rapport apikey list)`)
      await withDb(async (db) => {
        const ws = await operatorOf(db, o.workspace)
        const revoked = await db.transaction(async (tx) => {
          const done = await revokeApiKey(tx, ws.workspaceId, id)
          if (done)
            await recordAudit(tx, {
              workspaceId: ws.workspaceId,
              actor: systemActor,
              action: 'revoke',
              entityType: 'api_key',
              entityId: id,
              details: { via: 'cli' },
            })
          return done
        })
        if (!revoked) throw new CliError(`no API key ${id} in ${ws.name}`)
        console.log(`revoked API key ${id}`)
      })
    })
}

async function unitIdOf(db: Db, ws: { workspaceId: string; name: string }, code: string): Promise<string> {
  const unit = await findOrgUnitByCode(db, ws.workspaceId, code)
  if (!unit) throw new CliError(`--org-unit: no org unit '${code}' in ${ws.name}`)
  return unit.id
}
