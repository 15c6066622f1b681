import type { ReactNode } from 'react'

/** A labelled form control (or progress bar), with an optional hint under it. */
export function Field({
  label,
  hint,
  testId,
  children,
}: {
  label: string
  hint?: string
  testId?: string
  children: ReactNode
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child, which the rule cannot see
    <label className="field" data-testid={testId}>
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
    </label>
  )
}
