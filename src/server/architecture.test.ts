import { cruise, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { beforeAll, expect, test } from 'vitest'

// The module rules (no circular import; no capability in db/, http/ or jobs/) are in .dependency-cruiser.cjs
// and run in `npm run lint`. Its rules are per module, so this test checks whole folders: no two folders of
// src may import each other, directly or through others. Tests import what they test and are never
// imported, so their imports cannot close a cycle and are left out.

type Graph = ReadonlyMap<string, ReadonlySet<string>>

/** src/<folder>/… → <folder>; the top-level files (main.ts, config.ts) belong to no folder. */
function folderOf(modulePath: string): string | undefined {
  return /^src\/([^/]+)\//.exec(modulePath)?.[1]
}

function folderGraph(result: ICruiseResult): Graph {
  const edges = new Map<string, Set<string>>()
  for (const module of result.modules) {
    const from = folderOf(module.source)
    if (!from || module.source.endsWith('.test.ts')) continue
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved)
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to))
    }
  }
  return edges
}

/** Each group of folders that reach one another, named by one of its cycles: 'a → b → c → a'. */
function folderCycles(graph: Graph): string[] {
  const reach = (start: string) => {
    const seen = new Set<string>()
    const stack = [...(graph.get(start) ?? [])]
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      if (seen.has(node)) continue
      seen.add(node)
      stack.push(...(graph.get(node) ?? []))
    }
    return seen
  }
  const reached = new Map([...graph.keys()].map((folder) => [folder, reach(folder)]))
  const named = new Set<string>()
  const cycles: string[] = []
  for (const folder of [...graph.keys()].sort()) {
    if (named.has(folder) || !reached.get(folder)?.has(folder)) continue
    const group = [...(reached.get(folder) ?? [])].filter((other) => reached.get(other)?.has(folder))
    for (const member of group) named.add(member)
    cycles.push(shortestCycle(folder, graph).join(' → '))
  }
  return cycles
}

/** The shortest way from a folder back to itself (breadth first). */
function shortestCycle(start: string, graph: Graph): string[] {
  const cameFrom = new Map<string, string>()
  const queue = [start]
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path = [node]
        for (let step = cameFrom.get(node); step !== undefined; step = cameFrom.get(step)) path.unshift(step)
        return [...(path[0] === start ? path : [start, ...path]), start]
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node)
        queue.push(next)
      }
    }
  }
  return []
}

let graph: Graph

beforeAll(async () => {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs')
  const { output } = await cruise(['src'], { ...options, validate: false }, undefined, {
    tsConfig: extractTSConfig('tsconfig.json'),
  })
  if (typeof output === 'string') throw new Error('dependency-cruiser gave text instead of a result')
  graph = folderGraph(output)
}, 60_000)

test('the cycle finder names a cycle through three folders once, and finds none in a one-way chain', () => {
  const threeWay = new Map([
    ['a', new Set(['b'])],
    ['b', new Set(['c'])],
    ['c', new Set(['a'])],
    ['d', new Set(['a'])],
  ])
  expect(folderCycles(threeWay)).toEqual(['a → b → c → a'])
  expect(folderCycles(new Map([['a', new Set(['b'])]]))).toEqual([])
  expect(
    folderCycles(
      new Map([
        ['x', new Set(['y'])],
        ['y', new Set(['x'])],
      ]),
    ),
  ).toEqual(['x → y → x'])
})

test('no two folders of src import each other, directly or through others', () => {
  expect(graph.get('server')?.size).toBeGreaterThan(5)
  expect(folderCycles(graph)).toEqual([])
})

test('db, http and jobs import no capability, nor the composition root', () => {
  // errors/ holds the capability-free DomainError that http/ maps to responses: plumbing too.
  const plumbing = new Set(['db', 'http', 'jobs', 'errors'])
  const reached = [...plumbing].flatMap((from) =>
    [...(graph.get(from) ?? [])].filter((to) => !plumbing.has(to)).map((to) => `${from} → ${to}`),
  )
  expect(reached).toEqual([])
})
