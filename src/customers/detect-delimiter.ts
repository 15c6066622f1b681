const candidates = [',', '\t', ';', '|']

/** Picks the delimiter (',', tab, ';' or '|') that occurs most often outside quotes on the first line of `head`. */
export function detectDelimiter(head: string): string {
  const counts = new Map(candidates.map((c) => [c, 0]))
  let quoted = false
  for (const c of head) {
    if (c === '"') quoted = !quoted
    else if (quoted) continue
    else if (c === '\n' || c === '\r') break
    else {
      const count = counts.get(c)
      if (count !== undefined) counts.set(c, count + 1)
    }
  }
  let best = ','
  for (const [c, count] of counts) if (count > (counts.get(best) ?? 0)) best = c
  return best
}
