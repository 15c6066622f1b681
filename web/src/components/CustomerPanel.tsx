import type { ReactNode } from 'react'

/** A titled card on the customer page; `unavailable`, when given, says why its data could not be shown. */
export function CustomerPanel({
  id,
  title,
  testId,
  unavailable,
  children,
}: {
  id: string
  title: string
  testId: string
  unavailable: string | null
  children: ReactNode
}) {
  return (
    <section
      className="card"
      style={{ marginBottom: 16 }}
      aria-labelledby={`${id}-title`}
      data-testid={testId}
    >
      <h2 className="card-title" id={`${id}-title`}>
        {title}
      </h2>
      {unavailable && <p className="muted">{unavailable}</p>}
      {children}
    </section>
  )
}
