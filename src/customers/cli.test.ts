import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport } from '../cli/test-run.js'
import { sql } from '../db/sql.js'

// The commands as a person runs them.
const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'))

let database: CliTestDatabase

beforeAll(async () => {
  database = await cliTestDatabase()
  const db = await database.open()
  const org = await createOrganization(db, 'Org')
  await createWorkspace(db, org.id, 'Shop')
  await db.close()
})

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await database.drop()
})

test('a file with 3 bad rows out of 1,000 imports 997 and names the 3 lines; importing it again changes nothing', async () => {
  const bad = new Map([
    [101, 'C-101,O-101,2024-02-30,10.00,EUR'],
    [502, 'C-502,O-502,2024-05-01,ten,EUR'],
    [900, ',O-900,2024-06-01,5.00,EUR'],
  ])
  const lines = ['customer_id,order_id,ordered_at,amount,currency']
  for (let i = 1; i <= 1000; i++)
    lines.push(
      bad.get(i) ?? `C-${i % 97},O-${i},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i}.50,EUR`,
    )
  const file = join(dir, 'orders.csv')
  writeFileSync(file, `${lines.join('\n')}\n`)

  const first = await rapport('import', 'orders', file)
  expect(first.code).toBe(0)
  expect(first.out).toContain('rows read 1000, imported 997, updated 0, unchanged 0, skipped 3')
  // Line numbers count the header as line 1.
  expect(first.out).toMatch(/line 102: ordered_at/)
  expect(first.out).toMatch(/line 503: amount/)
  expect(first.out).toMatch(/line 901: customer_id/)

  const again = await rapport('import', 'orders', file)
  expect(again.out).toContain('rows read 1000, imported 0, updated 0, unchanged 997, skipped 3')

  const summary = await rapport('analyze', 'summary', '--json')
  expect(JSON.parse(summary.out)).toMatchObject({ orders: 997, customers: 97 })
})

test('an unreadable file fails with one clear line and exit code 1, bad usage with 2', async () => {
  const missing = await rapport('import', 'customers', join(dir, 'nope.csv'))
  expect(missing.code).toBe(1)
  expect(missing.err).toMatch(/nope\.csv/)
  expect(missing.err).not.toMatch(/\n\s+at /)

  const kind = await rapport('import', 'things', join(dir, 'nope.csv'))
  expect(kind.code).toBe(1)
  expect(kind.err).toMatch(/unknown kind 'things'/)

  const usage = await rapport('import')
  expect(usage.code).toBe(2)
  const unknown = await rapport('frobnicate')
  expect(unknown.code).toBe(2)
  const help = await rapport('import', '--help')
  expect(help.code).toBe(0)
  expect(help.out).toMatch(/--columns/)
})

test('a Latin-1 file stops at its first non-UTF-8 line, naming the encoding; --encoding latin1 imports it as written', async () => {
  const file = join(dir, 'latin1.csv')
  // Past the first chunk read, so that rows before the bad line are imported before it is found.
  const plain = Array.from({ length: 16_000 }, (_, i) => `P-${i},Person ${i}`).join('\n')
  writeFileSync(file, Buffer.from(`customer_id,name\n${plain}\nL-2,Zoë\nL-3,Müller\n`, 'latin1'))
  const refused = await rapport('import', 'customers', file)
  expect(refused.code).toBe(1)
  expect(refused.err).toMatch(/line 16002 is not valid UTF-8.*--encoding windows-1252/)
  expect(refused.err).toMatch(
    /the import stopped there, after \d+ rows: imported \d+, .* changes nothing for those/,
  )

  const imported = await rapport('import', 'customers', file, '--encoding', 'latin1')
  expect(imported.out).toMatch(/rows read 16002, imported \d+, updated 0, unchanged \d+, skipped 0/)
  const db = await database.open()
  try {
    const names = await db.query<{ name: string }>(
      sql`select name from customers where external_id like 'L-%' order by external_id`,
    )
    expect(names.map((n) => n.name)).toEqual(['Zoë', 'Müller'])
  } finally {
    await db.close()
  }
})

test('a 5 MB line is one short bad row; a gzip file past --max-size stops; the new options have help', async () => {
  const file = join(dir, 'long.csv')
  writeFileSync(file, `customer_id,name\nG-1,Anna\nG-2,${'x'.repeat(5_000_000)}\nG-3,Cy\n`)
  const long = await rapport('import', 'customers', file)
  expect(long.out).toMatch(/rows read 3, imported 2, .*skipped 1\n {2}line 3: the record is longer than/)
  expect(long.out.length + long.err.length).toBeLessThan(1000)

  const gz = join(dir, 'big.csv.gz')
  writeFileSync(gz, gzipSync(`customer_id,name\n${'G-9,Anna\n'.repeat(1000)}`))
  const capped = await rapport('import', 'customers', gz, '--max-size', '1K')
  expect(capped.code).toBe(1)
  expect(capped.err).toMatch(/decompresses to more than --max-size \(1 KiB\)/)
  const badSize = await rapport('import', 'customers', gz, '--max-size', 'lots')
  expect(badSize.err).toMatch(/--max-size: "lots" is not a size/)

  const help = await rapport('import', '--help')
  expect(help.out).toMatch(/--encoding <name>/)
  expect(help.out).toMatch(/--max-size <size>/)
})

test('- imports standard input, gzip included, and a bad row is named by its line', async () => {
  const { Readable } = await import('node:stream')
  const text = 'customer_id,name\nS-1,Ann\nS-2,Bob\n,Nobody\n'
  const stdin = Object.getOwnPropertyDescriptor(process, 'stdin')!
  try {
    for (const bytes of [Buffer.from(text), gzipSync(text)]) {
      Object.defineProperty(process, 'stdin', { value: Readable.from([bytes]), configurable: true })
      const run = await rapport('import', 'customers', '-')
      expect(run.out).toMatch(/rows read 3, .*skipped 1/)
      expect(run.out).toMatch(/line 4: customer_id/)
    }
  } finally {
    Object.defineProperty(process, 'stdin', stdin)
  }
  const names = await rapport('analyze', 'summary', '--json')
  expect(JSON.parse(names.out).customers).toBeGreaterThanOrEqual(2)
})
