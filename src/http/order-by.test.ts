import { expect, test } from 'vitest'
import { z } from 'zod'
import { sql } from '../db/sql.js'
import { orderBy, sortQuery } from './order-by.js'

const columns = { name: sql`c.name`, revenue: sql`coalesce(s.revenue, ${0})` }

test('the chosen column goes in its direction with empty values last, the tiebreaks in the same direction', () => {
  const desc = orderBy(columns, { sort: 'revenue', dir: 'desc' }, [sql`c.external_id`, sql`c.id`])
  expect(desc.text).toBe('coalesce(s.revenue, $1) desc nulls last, c.external_id desc, c.id desc')
  expect(desc.values).toEqual([0])
  expect(orderBy(columns, { sort: 'name' }, [sql`c.id`]).text).toBe('c.name asc nulls last, c.id asc')
})

test('sort and dir accept only the listed columns and the two directions, each error naming its field', () => {
  const query = z.object(sortQuery(['name', 'revenue'], 'by name'))
  expect(query.parse({ sort: 'revenue', dir: 'desc' })).toEqual({ sort: 'revenue', dir: 'desc' })
  expect(query.parse({})).toEqual({})
  for (const [input, field] of [
    [{ sort: 'c.name; drop table customers' }, 'sort'],
    [{ sort: 'name', dir: 'descending' }, 'dir'],
  ] as const) {
    const parsed = query.safeParse(input)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.path).toEqual([field])
  }
})
