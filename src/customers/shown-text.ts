/** The longest a value from an import file is echoed in a message. */
export const SHOWN_CHARS = 200

/**
 * A value as a message shows it: cut to `max` characters with an ellipsis, so that a megabyte cell gives
 * a line of error, not a megabyte.
 */
export function shownText(value: string, max = SHOWN_CHARS): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value
}
