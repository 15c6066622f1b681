import type { Command } from 'commander'
import { CliError, resolveWorkspace, UsageError, withDb } from '../cli/context.js'
import { sql } from '../db/sql.js'
import { apiKeyInputSchema, createApiKey } from './api-keys.js'
import { recordAudit, systemActor } from './audit.js'
import { roleSchema } from './roles.js'
import { createUser, emailSchema, passwordSchema, setMembership } from './users.js'

/** `rapport user add` and `rapport apikey create`. */
export function registerAccessCommands(program: Command): void {
  const user = program.command('user').description('manage people who log in')
  user
    .command('add')
    .description('add a person to a workspace with a role')
    .requiredOption('--email <email>', 'their e-mail, used to log in')
    .requiredOption('--name <name>', 'their name')
    .requiredOption('--password <password>', 'at least 10 characters (or set RAPPORT_PASSWORD and pass "-")')
    .option('--role <role>', 'owner, admin, analyst, agent or viewer', 'viewer')
    .option('--org-unit <code>', 'limit them to this org unit and below')
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
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
          const ws = await resolveWorkspace(db, o.workspace)
          const [org] = await db.query<{ organizationId: string }>(
            sql`select organization_id as "organizationId" from workspaces where id = ${ws.id}`,
          )
          let unitId: string | null = null
          if (o.orgUnit) {
            const [unit] = await db.query<{ id: string }>(
              sql`select id from org_units where workspace_id = ${ws.id} and code = ${o.orgUnit}`,
            )
            if (!unit) throw new CliError(`--org-unit: no org unit '${o.orgUnit}' in ${ws.name}`)
            unitId = unit.id
          }
          await db
            .transaction(async (tx) => {
              const created = await createUser(tx, {
                organizationId: org!.organizationId,
                email,
                name: o.name,
                password,
              })
              await setMembership(tx, { workspaceId: ws.id, userId: created.id, role, orgUnitId: unitId })
              await recordAudit(tx, {
                workspaceId: ws.id,
                actor: systemActor,
                action: 'add_member',
                entityType: 'user',
                entityId: created.id,
                details: { role, via: 'cli' },
              })
            })
            .catch((error: Error) => {
              throw new CliError(error.message)
            })
          console.log(
            `added ${email} to ${ws.name} as ${role}${o.orgUnit ? ` for ${o.orgUnit} and below` : ''}`,
          )
        })
      },
    )

  const apikey = program.command('apikey').description('manage API keys')
  apikey
    .command('create')
    .description('create an API key; its secret is printed once')
    .requiredOption('--name <name>', 'what the key is for, e.g. "shop sync"')
    .option('--scopes <list>', 'comma-separated: read, write, ingest', 'read')
    .option('--workspace <id|name>', 'the workspace (needed when there are several)')
    .action(async (o: { name: string; scopes: string; workspace?: string }) => {
      const input = check(
        apiKeyInputSchema,
        { name: o.name, scopes: o.scopes.split(',').map((s) => s.trim()) },
        '--scopes',
      )
      await withDb(async (db) => {
        const ws = await resolveWorkspace(db, o.workspace)
        const key = await createApiKey(db, ws.id, input, null)
        await recordAudit(db, {
          workspaceId: ws.id,
          actor: systemActor,
          action: 'create',
          entityType: 'api_key',
          entityId: key.id,
          details: { name: key.name, scopes: key.scopes, via: 'cli' },
        })
        console.log(
          `API key "${key.name}" for ${ws.name} (${key.scopes.join(', ')}); keep it now, it is not shown again:`,
        )
        console.log(key.secret)
      })
    })
}

function check<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }
  },
  value: unknown,
  option: string,
): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new UsageError(`${option}: ${parsed.error.issues[0]!.message}`)
  return parsed.data
}
