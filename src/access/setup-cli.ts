import type { Command } from 'commander'
import { z } from 'zod'
import { withDb } from '../cli/context.js'
import { addWorkspace } from './add-workspace.js'
import { systemActor } from './audit.js'
import { check, readSecretLine, userByEmail } from './cli-support.js'
import { generatePassword } from './password-changes.js'
import { setupOwner } from './setup.js'
import { emailSchema, passwordSchema } from './users.js'

const nameSchema = z.string().trim().min(1, 'must not be empty').max(200)

/** `rapport setup` (first run without a browser) and `rapport workspace create`. */
export function registerSetupCommands(program: Command): void {
  program
    .command('setup')
    .description('first run without a browser: the organisation, its first workspace and its owner')
    .requiredOption('--organization <name>', 'the organisation, e.g. "Acme"')
    .requiredOption('--workspace <name>', 'its first workspace, e.g. "Acme shop"')
    .requiredOption('--name <name>', "the owner's name")
    .requiredOption('--email <email>', "the owner's e-mail, used to log in")
    .option('--password-stdin', "read the owner's password from standard input (else one is generated)")
    .action(
      async (o: {
        organization: string
        workspace: string
        name: string
        email: string
        passwordStdin?: boolean
      }) => {
        const input = {
          organizationName: check(nameSchema, o.organization, '--organization'),
          workspaceName: check(nameSchema, o.workspace, '--workspace'),
          name: check(nameSchema, o.name, '--name'),
          email: check(emailSchema, o.email, '--email'),
        }
        const given = o.passwordStdin
          ? check(passwordSchema, await readSecretLine(), '--password-stdin')
          : null
        const password = given ?? generatePassword()
        await withDb(async (db) => {
          const { user, workspace } = await setupOwner(db, { ...input, password })
          console.log(`set up ${input.organizationName}: workspace ${workspace.name}, owner ${user.email}`)
          if (given === null)
            console.log(`password for ${user.email} (shown once, change it after logging in):\n${password}`)
        })
      },
    )

  const workspace = program.command('workspace').description('manage workspaces')
  workspace
    .command('create')
    .description("create a workspace in the owner's organisation, with its root org unit")
    .requiredOption('--name <name>', 'the workspace, e.g. "Second shop"')
    .requiredOption('--owner <email>', 'an existing user who becomes its owner')
    .action(async (o: { name: string; owner: string }) => {
      const name = check(nameSchema, o.name, '--name')
      const email = check(emailSchema, o.owner, '--owner')
      await withDb(async (db) => {
        const owner = await userByEmail(db, email)
        const ws = await addWorkspace(db, {
          organizationId: owner.organizationId,
          name,
          ownerUserId: owner.id,
          actor: systemActor,
        })
        console.log(`created workspace ${ws.name} (${ws.id}), owned by ${email}`)
      })
    })
}
