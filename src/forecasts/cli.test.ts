import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOrganization, createWorkspace } from '../access/workspaces.js'
import { type CliTestDatabase, cliTestDatabase } from '../cli/test-database.js'
import { runCli as rapport, runInTerminal } from '../cli/test-run.js'
import { sharedDataset } from '../test-datasets.js'
import { steadyPurchases, steadyStart } from './test-steady-shop.js'

// `rapport analyze forecast` as a person runs it.
const dir = mkdtempSync(join(tmpdir(), 'rapport-forecast-cli-'))
const cdnowSample = sharedDataset('cdnow/CDNOW_sample.txt', 'the CDNOW CLI tests')

// Fader, Hardie & Lee 2005 (Marketing Science 24(2), section 7; Journal of Marketing Research 42(4)).
const published = {
  bgNbd: { r: 0.243, logLikelihood: -9582.4 },
  paretoNbd: { s: 0.606 },
  gammaGamma: { p: 6.25 },
}
// Computed while building this project, not published (../shared/datasets/cdnow/reference_values.csv): the
// holdout's repeat purchases counted from the sample, and customer 1's P(alive) under the fitted BG/NBD.
const regression = { holdoutActual: 1882, customer1ProbabilityAlive: 0.7266 }

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

test('a summary file with bad rows fails with exit code 1 and names their lines', async () => {
  const file = join(dir, 'bad.csv')
  writeFileSync(file, 'id,x,t_x,T\na,1,2,3\nb,-2,1,3\nc,1,9,3\n')
  const { code, err } = await rapport('analyze', 'forecast', '--summary', file)
  expect(code).toBe(1)
  expect(err).toMatch(/line 3: x: -2 is negative/)
  expect(err).toMatch(/line 4: t_x \(9\) is greater than T \(3\)/)
})

test('bad usage exits with 2', async () => {
  expect((await rapport('analyze', 'forecast', '--orders', 'x.csv')).code).toBe(2)
  expect((await rapport('analyze', 'forecast', '--summary', 'a', '--orders', 'b')).code).toBe(2)
  const bad = await rapport('analyze', 'forecast', '--orders', 'x.csv', '--calibration-end', '1997-02-30')
  expect(bad.code).toBe(2)
  expect(bad.err).toMatch(/--calibration-end must be a date/)
})

test('without a file it fits the workspace, and says why it cannot when there are no orders', async () => {
  const { code, err } = await rapport('analyze', 'forecast')
  expect(code).toBe(1)
  expect(err).toMatch(/there are no orders/)
})

test.skipIf(!cdnowSample)(
  'CDNOW orders with a holdout: the JSON of the issue and a per-customer CSV',
  async () => {
    const orders = join(dir, 'cdnow.csv')
    const lines = readFileSync(cdnowSample ?? '', 'utf8')
      .trim()
      .split(/\r?\n/)
      .map((l, i) => {
        const [, id, date, , amount] = l.trim().split(/\s+/)
        return `${id},${i + 1},${date},${amount}`
      })
    writeFileSync(orders, `customer_id,order_id,ordered_at,amount\n${lines.join('\n')}\n`)
    const predictions = join(dir, 'predictions.csv')
    const { code, out } = await rapport(
      'analyze',
      'forecast',
      '--orders',
      orders,
      '--date-format',
      'YYYYMMDD',
      '--calibration-end',
      '1997-09-30',
      '--holdout-end',
      '1998-06-30',
      '--unit',
      'week',
      '--format',
      'json',
      '--customers',
      predictions,
    )
    expect(code).toBe(0)
    const json = JSON.parse(out)
    expect(json.customers).toBe(2357)
    expect(json.bgnbd.r).toBeCloseTo(published.bgNbd.r, 2)
    expect(json.bgnbd.logLikelihood).toBeCloseTo(published.bgNbd.logLikelihood, 0)
    expect(json.paretoNbd.s).toBeCloseTo(published.paretoNbd.s, 2)
    expect(json.gammaGamma.p).toBeCloseTo(published.gammaGamma.p, 1)
    expect(json.holdout.actual).toBe(regression.holdoutActual)
    expect(Object.keys(json.holdout.predicted)).toEqual(['bgnbd', 'paretoNbd'])
    const csv = readFileSync(predictions, 'utf8').trim().split('\n')
    expect(csv).toHaveLength(2358)
    expect(csv[0]).toBe(
      'id,x,t_x,T,m_x,p_alive_bgnbd,p_alive_pareto_nbd,expected_purchases_bgnbd,expected_purchases_pareto_nbd,expected_spend,clv',
    )
    // Customer 1 (x=2, t_x=30.43, T=38.86) under the fitted BG/NBD.
    expect(Number(csv[1]!.split(',')[5])).toBeCloseTo(regression.customer1ProbabilityAlive, 3)
  },
)

test('when Pareto/NBD cannot be fitted, the text report says so and the CSV leaves its columns empty', async () => {
  const orders = join(dir, 'steady.csv')
  const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10)
  const lines = steadyPurchases().map((p, i) => `${p.customerId},${i},${day(p.day)},${p.amount}`)
  // Two guest purchases, without a customer id: counted and skipped.
  const guests = [`,g1,${day(steadyStart)},5`, `,g2,${day(steadyStart + 1)},7`]
  writeFileSync(orders, `customer_id,order_id,ordered_at,amount\n${[...lines, ...guests].join('\n')}\n`)
  const predictions = join(dir, 'steady-predictions.csv')
  const { code, out, err } = await rapport(
    'analyze',
    'forecast',
    '--orders',
    orders,
    '--calibration-end',
    day(steadyStart + 638),
    '--customers',
    predictions,
  )
  expect(code).toBe(0)
  expect(out).toMatch(/^BG\/NBD +r \d.*\(chosen\)$/m)
  expect(out).toMatch(/^Pareto\/NBD +not fitted \(see the warning\)$/m)
  expect(out).toMatch(/^warning: the Pareto\/NBD model cannot be fitted: .*use BG\/NBD alone$/m)
  expect(err).toMatch(/^skipped 2 rows without a customer id$/m)
  // Not at a terminal: no bar and no word of the fit under way.
  expect(err).not.toMatch(/reading|fitting/)
  const rows = readFileSync(predictions, 'utf8').trim().split('\n').slice(1)
  expect(rows.length).toBeGreaterThan(1000)
  for (const row of rows) {
    const cells = row.split(',')
    expect(Number(cells[5])).toBeGreaterThan(0)
    expect([cells[6], cells[8]]).toEqual(['', ''])
  }
})

test('at a terminal, a bar follows the orders file to its end, then says how many customers the fit takes', async () => {
  const orders = join(dir, 'terminal.csv')
  const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10)
  const purchases = steadyPurchases()
  const lines = purchases.map((p, i) => `${p.customerId},${i},${day(p.day)},${p.amount}`)
  writeFileSync(orders, `customer_id,order_id,ordered_at,amount\n${lines.join('\n')}\n`)
  const calibrationEnd = steadyStart + 638
  const buyers = new Set(purchases.filter((p) => p.day <= calibrationEnd).map((p) => p.customerId))
  const { code, screen } = await runInTerminal(
    'analyze',
    'forecast',
    '--orders',
    orders,
    '--calibration-end',
    day(calibrationEnd),
  )
  expect(code).toBe(0)
  expect(screen).toMatch(/reading .*100%/)
  expect(screen).toContain(`fitting the models to ${buyers.size.toLocaleString('en')} customers…`)
  expect(screen).toMatch(/^BG\/NBD +r \d/m)
}, 60_000)
