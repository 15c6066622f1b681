import { type RefObject, useEffect } from 'react'

/**
 * Makes every table inside `ref` reachable by keyboard (tabindex 0), so that one wider than a phone, which
 * scrolls sideways in its own box, can be scrolled with the arrow keys too. Watches the page as it changes.
 */
export function useFocusableTables(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = ref.current
    if (!root) return
    const mark = () => {
      for (const table of root.querySelectorAll('table:not([tabindex])')) table.setAttribute('tabindex', '0')
    }
    mark()
    const observer = new MutationObserver(mark)
    observer.observe(root, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [ref])
}
