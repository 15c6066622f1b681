import { CliError, resolveWorkspace, UsageError } from '../cli/context.js'
import type { Db } from '../db/db.js'
import { systemActor } from './audit.js'
import type { Manager } from './members.js'
import { findUserByEmail } from './users.js'
import { getWorkspace } from './workspaces.js'

// What the access commands share: parsing options, the operator as manager, reading a secret from stdin.

/** Parses an option's value with a zod schema; a bad one is a usage error naming the option. */
export function check<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } }
  },
  value: unknown,
  option: string,
): T {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new UsageError(`${option}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}

/** Whoever runs the command on the server's machine acts as an owner of the workspace, for the whole of it. */
export async function operatorOf(db: Db, wanted: string | undefined): Promise<Manager & { name: string }> {
  const ws = await resolveWorkspace(db, wanted)
  const workspace = await getWorkspace(db, ws.id)
  if (!workspace) throw new CliError(`no workspace '${wanted}'`)
  return {
    workspaceId: workspace.id,
    organizationId: workspace.organizationId,
    name: workspace.name,
    actor: systemActor,
    role: 'owner',
    unitPath: null,
  }
}

/** The user with this e-mail, or a one-line failure. */
export async function userByEmail(db: Db, email: string): Promise<{ id: string; organizationId: string }> {
  const user = await findUserByEmail(db, email)
  if (!user) throw new CliError(`no user with e-mail ${email}`)
  return user
}

/** The first line of standard input, for secrets that must not stand in the command line. */
export async function readSecretLine(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
    if (chunks.some((c) => c.includes(10))) break
  }
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trimEnd()
}
