/** The language tags of an Accept-Language header, most preferred first ('uk-UA,uk;q=0.9,en;q=0.5'). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return []
  return header
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean)
      return { tag: (tag ?? '').trim().toLowerCase(), q: q ? Number(q[1]) : 1, i }
    })
    .filter((x) => x.tag && x.tag !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag)
}
