import { expect, test } from 'vitest'
import type { OrderRecord } from '../customers/records.js'
import { OrderFolder } from './fold-orders.js'

const at = new Date('2024-03-01T10:00:00Z')

function fold(records: Partial<OrderRecord>[]): string[] {
  const folder = new OrderFolder()
  records.forEach((r, i) => {
    const record = {
      customer_id: 'c1',
      order_id: 'o1',
      ordered_at: at,
      currency: 'EUR',
      status: 'completed',
      ...r,
    }
    folder.add({ line: i + 2, record: record as OrderRecord })
  })
  return folder.finish().amount
}

const line = (quantity: string, unit_price: string) => ({
  lines: [{ product_id: 'p', quantity, unit_price }],
})

test('line amounts are exact at the smallest units and past the exact integers of a double', () => {
  expect(fold([line('0.0001', '0.0001'), line('-3', '0.1'), line('3', '0.1')])).toEqual(['0.00000001'])
  expect(fold([line('999999999999999', '999999999999999')])).toEqual(['999999999999998000000000000001'])
  expect(fold([line('99999999.9999', '9.9999')])).toEqual(['999989999.99900001'])
})

test('an order whose sum outgrows a double stays exact, and a later small line adds to it', () => {
  const big = line('90071992547.4099', '1')
  expect(fold([big, big, line('0.0001', '-1')])).toEqual(['180143985094.8197'])
})

test('given amounts of up to 15 digits and 4 decimals are kept exactly, lines of other orders apart', () => {
  expect(
    fold([
      { order_id: 'a', amount: '123456789012345.1234' },
      { order_id: 'b', amount: '-0.5' },
      { order_id: 'a', amount: '0.0001' },
    ]),
  ).toEqual(['123456789012345.1235', '-0.5'])
})
