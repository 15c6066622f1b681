import { Readable } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { sql } from '../db/sql.js'
import { verifyPassword } from './passwords.js'

// The access commands as a person runs them.
let database: CliTestDatabase | undefined

/** A new migrated database for the commands that follow. */
async function freshDatabase(): Promise<void> {
  await database?.drop()
  database = await cliTestDatabase()
}

afterEach(() => {
  vi.restoreAllMocks()
})

afterAll(async () => {
  await database?.drop()
})

function stdinSays(line: string): void {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(
    Readable.from([`${line}\n`]) as unknown as typeof process.stdin,
  )
}

/** Whether the password opens the user's login, read from the database the CLI wrote. */
async function passwordWorks(email: string, password: string): Promise<boolean> {
  const db = await database!.open()
  try {
    const [user] = await db.query<{ hash: string }>(
      sql`select password_hash as hash from users where email = ${email}`,
    )
    return user ? verifyPassword(password, user.hash) : false
  } finally {
    await db.close()
  }
}

const setup = [
  'setup',
  '--organization',
  'Acme',
  '--workspace',
  'Acme shop',
  '--name',
  'Olena',
  '--email',
  'olena@acme.test',
]

test('every access command explains itself with --help', async () => {
  for (const command of [
    ['setup'],
    ['workspace', 'create'],
    ['user', 'list'],
    ['user', 'remove'],
    ['user', 'role'],
    ['user', 'password-reset'],
    ['apikey', 'list'],
    ['apikey', 'revoke'],
  ]) {
    const help = await rapport(...command, '--help')
    expect(help.code, command.join(' ')).toBe(0)
    expect(help.out, command.join(' ')).toMatch(/Usage: rapport/)
  }
})

describe('rapport setup', () => {
  beforeEach(freshDatabase)

  test('generates the owner password, prints it once, and runs only once', async () => {
    const first = await rapport(...setup)
    expect(first.code, first.err).toBe(0)
    const password = first.out.trim().split('\n').at(-1) ?? ''
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(await passwordWorks('olena@acme.test', password)).toBe(true)
    const again = await rapport(...setup)
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/already set up/)
  })

  test('takes the password from standard input and does not print it', async () => {
    stdinSays('a passphrase from stdin')
    const result = await rapport(...setup, '--password-stdin')
    expect(result.code, result.err).toBe(0)
    expect(result.out).not.toContain('a passphrase from stdin')
    expect(result.out).not.toMatch(/shown once/)
    expect(await passwordWorks('olena@acme.test', 'a passphrase from stdin')).toBe(true)
  })

  test('a short password or a bad e-mail is a usage error naming the option', async () => {
    stdinSays('short')
    const short = await rapport(...setup, '--password-stdin')
    expect(short.code).toBe(2)
    expect(short.err).toMatch(/--password-stdin/)
    const email = await rapport(...setup.slice(0, -1), 'not an e-mail')
    expect(email.code).toBe(2)
    expect(email.err).toMatch(/--email/)
  })
})

describe('an operator at the terminal', () => {
  const ws = ['--workspace', 'Acme shop']

  beforeAll(async () => {
    await freshDatabase()
    expect((await rapport(...setup)).code).toBe(0)
    const add = [
      'user',
      'add',
      '--email',
      'anna@acme.test',
      '--name',
      'Anna',
      '--password',
      'anna password 1',
    ]
    expect((await rapport(...add, '--role', 'analyst', ...ws)).code).toBe(0)
  })

  test('creates a workspace owned by an existing user', async () => {
    const created = await rapport(
      'workspace',
      'create',
      '--name',
      'Second shop',
      '--owner',
      'olena@acme.test',
    )
    expect(created.code, created.err).toBe(0)
    expect((await rapport('user', 'list', '--workspace', 'Second shop')).out).toMatch(
      /olena@acme\.test\tOlena\towner\t\(all\)/,
    )
    const nobody = await rapport('workspace', 'create', '--name', 'Third', '--owner', 'nobody@acme.test')
    expect(nobody.code).toBe(1)
  })

  test("lists members and changes a member's role and org unit; the last owner stays", async () => {
    expect((await rapport('user', 'list', ...ws)).out).toMatch(/anna@acme\.test\tAnna\tanalyst\t\(all\)/)
    const role = await rapport(
      'user',
      'role',
      '--email',
      'anna@acme.test',
      '--role',
      'viewer',
      '--org-unit',
      'company',
      ...ws,
    )
    expect(role.code, role.err).toBe(0)
    expect((await rapport('user', 'list', ...ws)).out).toMatch(/anna@acme\.test\tAnna\tviewer\tcompany/)
    const noUnit = await rapport('user', 'role', '--email', 'anna@acme.test', '--org-unit', 'nowhere', ...ws)
    expect(noUnit.code).toBe(1)
    expect(noUnit.err).toMatch(/nowhere/)
    expect((await rapport('user', 'role', '--email', 'anna@acme.test', ...ws)).code).toBe(2)
    const lastOwner = await rapport('user', 'remove', '--email', 'olena@acme.test', ...ws)
    expect(lastOwner.code).toBe(1)
    expect(lastOwner.err).toMatch(/last owner/)
    expect((await rapport('user', 'role', '--email', 'olena@acme.test', '--role', 'admin', ...ws)).code).toBe(
      1,
    )
  })

  test('resets a password to a generated one printed once, or to one read from stdin', async () => {
    const reset = await rapport('user', 'password-reset', '--email', 'anna@acme.test', ...ws)
    expect(reset.code, reset.err).toBe(0)
    const temporary = reset.out.trim().split('\n').at(-1) ?? ''
    expect(await passwordWorks('anna@acme.test', temporary)).toBe(true)
    expect(await passwordWorks('anna@acme.test', 'anna password 1')).toBe(false)
    stdinSays('chosen for anna')
    const chosen = await rapport(
      'user',
      'password-reset',
      '--email',
      'anna@acme.test',
      '--password-stdin',
      ...ws,
    )
    expect(chosen.code).toBe(0)
    expect(chosen.out).not.toContain('chosen for anna')
    expect(await passwordWorks('anna@acme.test', 'chosen for anna')).toBe(true)
  })

  test('lists API keys without their secrets and revokes one', async () => {
    const key = await rapport('apikey', 'create', '--name', 'shop sync', '--scopes', 'ingest', ...ws)
    const secret = key.out.trim().split('\n').at(-1) ?? ''
    const listed = await rapport('apikey', 'list', ...ws)
    const row = listed.out.split('\n').find((l) => l.includes('shop sync')) ?? ''
    expect(row).toContain(secret.slice(0, 10))
    expect(listed.out).not.toContain(secret)
    const [id, , , scopes, , , revokedBefore] = row.split('\t')
    expect([scopes, revokedBefore]).toEqual(['ingest', ''])
    expect((await rapport('apikey', 'revoke', id ?? '', ...ws)).code).toBe(0)
    const after =
      (await rapport('apikey', 'list', ...ws)).out.split('\n').find((l) => l.includes('shop sync')) ?? ''
    expect(after.split('\t')[6]).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect((await rapport('apikey', 'revoke', 'not-a-key', ...ws)).code).toBe(2)
    expect((await rapport('apikey', 'revoke', crypto.randomUUID(), ...ws)).code).toBe(1)
  })

  test('removes a member, and every change is audited', async () => {
    expect((await rapport('user', 'remove', '--email', 'anna@acme.test', ...ws)).code).toBe(0)
    expect((await rapport('user', 'list', ...ws)).out).not.toContain('anna@acme.test')
    const audit = await database!.open()
    const actions = await audit.query<{ action: string }>(
      sql`select distinct action from audit_log order by 1`,
    )
    await audit.close()
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['add_member', 'change_member', 'remove_member', 'reset_password', 'revoke']),
    )
  })
})
