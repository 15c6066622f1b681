type Child = Node | string | null | false | undefined

/** Creates an element: `on…` attributes become listeners, `true` an empty attribute, `false` none. */
export function h(
  tag: string,
  attrs: Record<string, string | boolean | EventListener> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(key.slice(2), value)
    else if (value === true) el.setAttribute(key, '')
    else if (value !== false) el.setAttribute(key, value)
  }
  for (const child of children) if (child) el.append(child)
  return el
}

/** A button that does not submit its form. */
export function button(attrs: Record<string, string | EventListener>, ...children: Child[]): HTMLElement {
  return h('button', { type: 'button', ...attrs }, ...children)
}
