import type { FieldIssue } from './errors.js'

// PostgreSQL refuses U+0000 in text and jsonb; a lone surrogate cannot be encoded as UTF-8 and would be
// stored as U+FFFD without a word.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const UNSAFE_CHARS = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g')

/** Parsed JSON nested deeper than this is refused: JSON.stringify and handlers recurse over it. */
export const MAX_JSON_DEPTH = 64

/** Why a string may not enter the database, or undefined when it may. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL'
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate'
  return undefined
}

interface Node {
  value: unknown
  key: string
  parent: Node | undefined
  depth: number
}

/**
 * The first string or object key, in document order, that holds NUL or a lone surrogate (or the first value
 * nested too deep; an object's keys are checked before its values), with its path such as `records.3.email`; undefined when the whole value is clean.
 * @example findUnsafeText({ records: [{ email: 'a\u0000' }] }) // { field: 'records.0.email', message: 'must not contain NUL' }
 */
export function findUnsafeText(value: unknown): FieldIssue | undefined {
  // Iterative: a deeply nested body must not overflow the stack of the check meant to refuse it.
  const stack: Node[] = [{ value, key: '', parent: undefined, depth: 0 }]
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value === 'string') {
      const problem = textProblem(node.value)
      if (problem) return { field: pathOf(node), message: problem }
    } else if (node.value !== null && typeof node.value === 'object') {
      if (node.depth >= MAX_JSON_DEPTH)
        return { field: pathOf(node), message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }
      const issue = pushChildren(stack, node)
      if (issue) return issue
    }
  }
  return undefined
}

/** Checks an object's keys and stacks its strings and objects (numbers need no look), first on top. */
function pushChildren(stack: Node[], node: Node): FieldIssue | undefined {
  const parent = node.value as Record<string, unknown>
  const keys = Array.isArray(node.value) ? undefined : Object.keys(parent)
  for (const key of keys ?? []) {
    const problem = textProblem(key)
    if (problem)
      return { field: pathOf({ value: undefined, key, parent: node, depth: 0 }), message: `key ${problem}` }
  }
  const count = Array.isArray(node.value) ? node.value.length : (keys ?? []).length
  for (let i = count - 1; i >= 0; i--) {
    const key = keys ? (keys[i] as string) : String(i)
    const child = parent[key]
    if (typeof child === 'string' || (child !== null && typeof child === 'object'))
      stack.push({ value: child, key, parent: node, depth: node.depth + 1 })
  }
  return undefined
}

function pathOf(node: Node): string {
  const keys: string[] = []
  for (let n: Node | undefined = node; n?.parent; n = n.parent) keys.push(printable(n.key))
  return keys.reverse().join('.') || '(body)'
}

/** The key as it can be shown in a message: NUL and lone surrogates written as \uXXXX escapes. */
function printable(key: string): string {
  return key.replace(UNSAFE_CHARS, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
