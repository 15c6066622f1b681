import { afterEach, expect, test, vi } from 'vitest'
import { sharedDataset } from './test-datasets.js'

const ci = process.env.CI
afterEach(() => {
  if (ci === undefined) delete process.env.CI
  else process.env.CI = ci
  vi.restoreAllMocks()
})

test('under CI a missing data set fails the tests that need it, naming the file', () => {
  process.env.CI = 'true'
  expect(() => sharedDataset('nowhere/missing.csv', 'the missing tests')).toThrow(
    /CI needs the data set .*shared\/datasets\/nowhere\/missing\.csv for the missing tests/,
  )
})

test('elsewhere a missing data set skips its tests with a notice', () => {
  delete process.env.CI
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  expect(sharedDataset('nowhere/missing.csv', 'the missing tests')).toBeUndefined()
  expect(warn).toHaveBeenCalledWith(
    expect.stringMatching(/missing\.csv is absent: the missing tests are skipped/),
  )
})

test('a data set that is there is found under CI too', () => {
  process.env.CI = 'true'
  expect(sharedDataset('SOURCES.md', 'the sources')).toMatch(/shared\/datasets\/SOURCES\.md$/)
})
