/** One colour per segment, from promising greens to hibernating greys. */
export const segmentColors: Record<string, string> = {
  champions: '#1a7f37',
  loyal: '#2da44e',
  potential_loyalist: '#4ac26b',
  new: '#54aeff',
  promising: '#0969da',
  need_attention: '#d4a72c',
  about_to_sleep: '#bf8700',
  at_risk: '#e16f24',
  cant_lose: '#cf222e',
  hibernating: '#8c959f',
}

/** A background for a share 0…1 on a heat scale. */
export function heat(share: number): string {
  const alpha = Math.max(0, Math.min(1, share))
  return `rgba(45, 120, 230, ${(0.08 + alpha * 0.72).toFixed(3)})`
}
