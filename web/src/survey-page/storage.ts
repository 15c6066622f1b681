/**
 * localStorage that never throws: browsers deny storage to a page framed by another site (the widget), and
 * the answers then live only on the server.
 */
export const storage = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(key)
    } catch {
      return null
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(key, value)
    } catch {}
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key)
    } catch {}
  },
}
