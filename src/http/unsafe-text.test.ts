import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { findUnsafeText, MAX_JSON_DEPTH, textProblem } from './unsafe-text.js'

/** Every string and key in a JSON value, found recursively (fine for the small values fast-check makes). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (value === null || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([key, child]) => [
    ...(Array.isArray(value) ? [] : [key]),
    ...texts(child),
  ])
}

const hasUnsafeChar = (s: string) =>
  [...s].some((ch) => {
    const code = ch.codePointAt(0) ?? 0
    return code === 0 || (ch.length === 1 && code >= 0xd800 && code <= 0xdfff)
  })

describe('findUnsafeText', () => {
  test('finds a problem exactly when some string or key holds NUL or a lone surrogate', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('\u0000', '\ud800', 'a\udc00b', '😀'),
    )
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(text, tie('value'), { maxKeys: 4 }),
      ),
    })).value
    fc.assert(
      fc.property(json, (value) => {
        expect(findUnsafeText(value) !== undefined).toBe(texts(value).some(hasUnsafeChar))
      }),
    )
  })

  test('names the path of the first bad string in document order', () => {
    const value = { records: [{ email: 'a@b.test' }, { name: 'ok', email: 'x\u0000' }], later: '\ud800' }
    expect(findUnsafeText(value)).toEqual({ field: 'records.1.email', message: 'must not contain NUL' })
  })

  test('a surrogate pair is fine; either half alone is not', () => {
    expect(textProblem('😀')).toBeUndefined()
    expect(textProblem('😀'.slice(0, 1))).toBe('must not contain a lone UTF-16 surrogate')
    expect(textProblem('😀'.slice(1))).toBe('must not contain a lone UTF-16 surrogate')
  })

  test('a million levels of nesting are refused at the limit without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)
    expect(findUnsafeText(deep)?.message).toBe(`must not nest deeper than ${MAX_JSON_DEPTH} levels`)
    expect(
      findUnsafeText(JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)),
    ).toBeUndefined()
  })
})
