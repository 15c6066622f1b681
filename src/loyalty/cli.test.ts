import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { sql } from '../db/sql.js'
import { recordReferral } from './referrals.js'

// The command as a person runs it, in-process, on the database the CLI tests share; CSV files in a temporary dir.
const dir = mkdtempSync(join(tmpdir(), 'rapport-loyalty-cli-'))
let database: CliTestDatabase

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const org = await createOrganization(db, 'Org')
  const ws = await createWorkspace(db, org.id, 'Shop')
  await db.query(
    sql`insert into customers (workspace_id, external_id)
      values (${ws.id}, 'C-1'), (${ws.id}, 'C-2'), (${ws.id}, 'C-3'), (${ws.id}, '=HYPERLINK("x")')`,
  )
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('credit, a repeated credit, redeem and balance from the terminal', async () => {
  const credited = await rapport(
    'loyalty',
    'credit',
    'C-1',
    '120',
    '--source',
    'order:O-1',
    '--rule',
    'purchase',
  )
  expect(credited).toMatchObject({ code: 0 })
  expect(credited.out).toContain('credited 120 points to C-1')
  const again = await rapport(
    'loyalty',
    'credit',
    'C-1',
    '120',
    '--source',
    'order:O-1',
    '--rule',
    'purchase',
  )
  expect(again.out).toContain('nothing added')
  const redeemed = await rapport('loyalty', 'redeem', 'C-1', '50', '--for', 'reward-coffee')
  expect(redeemed.out).toContain('redeemed 50 points for reward-coffee; 70 points left')
  expect((await rapport('loyalty', 'balance', 'C-1')).out).toContain('C-1: 70 points, tier none')
})

test("a credit from the terminal expires after the program's days, counted in hours", async () => {
  const db = await database.open()
  try {
    await db.query(sql`insert into loyalty_programs (workspace_id, expiry_days)
      select workspace_id, 30 from customers where external_id = 'C-3'`)
    const credited = await rapport('loyalty', 'credit', 'C-3', '10', '--source', 'order:O-9')
    expect(credited.out).toMatch(/^credited 10 points to C-3, expiring \d{4}-/m)
    const [lot] = await db.query<{
      hours: number
    }>(sql`select extract(epoch from l.expires_at - l.created_at)::int / 3600
        as hours
      from loyalty_lots l join loyalty_members m on m.id = l.member_id join customers c on c.id = m.customer_id
      where c.external_id = 'C-3' and l.source_id = 'O-9'`)
    expect(lot?.hours).toBe(30 * 24)
  } finally {
    // The other tests' credits never expire, as in a workspace that set no program.
    await db.query(sql`delete from loyalty_programs`)
    await db.close()
  }
})

test('too few points, bad points and a customer not enrolled fail with one line', async () => {
  const short = await rapport('loyalty', 'redeem', 'C-1', '71', '--for', 'reward-bag')
  expect(short.code).toBe(1)
  expect(short.err).toContain('70 points, fewer than the 71 asked')
  const bad = await rapport('loyalty', 'credit', 'C-1', '1.5', '--source', 'order:O-2')
  expect(bad.code).toBe(2)
  expect(bad.err).toContain("points: '1.5'")
  const stranger = await rapport('loyalty', 'balance', 'C-2')
  expect(stranger.code).toBe(1)
  expect(stranger.err).toContain('not enrolled')
})

test('--help lists the commands, and each command has its own', async () => {
  const help = await rapport('loyalty', '--help')
  expect(help.out).toMatch(
    /balance[\s\S]*credit[\s\S]*redeem[\s\S]*referral-code[\s\S]*referrals[\s\S]*engagement[\s\S]*import-acts/,
  )
  for (const [command, mentions] of [
    ['referral-code', '<customer>'],
    ['referrals', '--status <status>'],
    ['engagement', 'parts that made it'],
    ['import-acts', 'the CSV file'],
  ] as const) {
    const own = await rapport('loyalty', command, '--help')
    expect(own.code, command).toBe(0)
    expect(own.out, command).toContain(mentions)
  }
})

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()

test('import-acts records the good lines, names each bad line by its number, and a second run adds nothing', async () => {
  const file = join(dir, 'acts.csv')
  writeFileSync(
    file,
    [
      'customer,kind,source_id,occurred_at,note',
      `C-1,review,rev-1,${daysAgo(10)},a kind review`,
      `C-1,referral,ref-1,${daysAgo(20)},`,
      `C-1,community_help,help-1,${daysAgo(30)},`,
      `C-1,bribe,x-1,${daysAgo(5)},`,
      `C-9,review,rev-9,${daysAgo(5)},`,
      `C-1,review,rev-1,${daysAgo(10)},the same review again`,
      `C-1,review,rev-2,last tuesday,`,
    ].join('\n'),
  )
  const first = await rapport('loyalty', 'import-acts', file)
  expect(first.code).toBe(1)
  expect(first.out).toContain('3 acts recorded, 1 already there, 3 lines refused')
  expect(first.err).toMatch(/line 5: kind: /)
  expect(first.err).toContain('line 6: customer: no such customer')
  expect(first.err).toMatch(/line 8: occurred_at: /)
  expect(first.err).not.toMatch(/line [2347]:/)
  const again = await rapport('loyalty', 'import-acts', file)
  expect(again.out).toContain('0 acts recorded, 4 already there, 3 lines refused')
})

test('import-acts refuses a file without the columns it needs, naming them', async () => {
  const file = join(dir, 'no-dates.csv')
  writeFileSync(file, 'customer,kind,source_id\nC-1,review,rev-3\n')
  const refused = await rapport('loyalty', 'import-acts', file)
  expect(refused.code).toBe(2)
  expect(refused.err).toContain('no column occurred_at')
})

test("engagement explains a customer's score part by part", async () => {
  // The acts imported above: review 6 + referral 10 + community help 8 = 24 of 40; no answers, no habit.
  const explained = await rapport('loyalty', 'engagement', 'C-1')
  expect(explained.code).toBe(0)
  expect(explained.out).toContain('C-1: engagement 24 of 100')
  expect(explained.out).toMatch(/acts\s+24 of 40 \(3 in the last 365 days: /)
  expect(explained.out).toMatch(/feedback\s+0 of 30 \(0 responses/)
  expect(explained.out).toMatch(/habit\s+0 of 30 \(none\)/)
  expect((await rapport('loyalty', 'engagement', 'C-404')).err).toContain("no customer 'C-404'")
})

test('referral-code gives the same code every time; referrals lists them, as CSV with formulas neutralised', async () => {
  const first = await rapport('loyalty', 'referral-code', 'C-1')
  expect(first.code).toBe(0)
  const code = /referral code (\S+?)[,\s]/.exec(`${first.out} `)?.[1] ?? ''
  expect(code).not.toBe('')
  expect((await rapport('loyalty', 'referral-code', 'C-1')).out).toContain(`referral code ${code}`)
  const db = await database.open()
  const [ws] = await db.query<{ id: string }>(sql`select id from workspaces`)
  const [referred] = await db.query<{ id: string }>(
    sql`select id from customers where external_id = '=HYPERLINK("x")'`,
  )
  const recorded = await recordReferral(
    db,
    { workspaceId: ws?.id ?? '', unitPath: null },
    { code, customerId: referred?.id ?? '' },
    new Date(),
  )
  await db.close()
  expect(recorded?.referral.status).toBe('pending')
  const listed = await rapport('loyalty', 'referrals', '--status', 'pending')
  expect(listed.out).toContain(`C-1  =HYPERLINK("x")  ${code}  pending`)
  const csv = await rapport('loyalty', 'referrals', '--csv')
  expect(csv.out.split('\n')[0]).toBe('created_at,referrer,referred,code,status,refused_because')
  expect(csv.out).toContain(`,C-1,"'=HYPERLINK(""x"")",${code},pending,`)
  expect((await rapport('loyalty', 'referrals', '--status', 'paid')).code).toBe(2)
})
