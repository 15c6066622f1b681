const candidates = [',', '\t', ';', '|']

/** Picks the delimiter (',', tab, ';' or '|') that occurs most often outside quotes on the first line of `head`. */
export function detectDelimiter(head: string): string {
  const counts = [0, 0, 0, 0]
  let quoted = false
  for (let i = 0; i < head.length; i++) {
    const c = head[i]
    if (c === '"') quoted = !quoted
    else if (quoted) continue
    else if (c === '\n' || c === '\r') break
    else {
      const k = candidates.indexOf(c)
      if (k !== -1) counts[k]++
    }
  }
  let best = 0
  for (let k = 1; k < candidates.length; k++) if (counts[k] > counts[best]) best = k
  return candidates[best]
}
