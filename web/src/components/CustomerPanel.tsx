import type { ReactNode } from 'react'
import { useApi } from '../use-api.js'

/** Which customer a panel on the customer page is about. */
export interface CustomerPanelProps {
  workspaceId: string
  customerId: string
}

/**
 * A titled card on the customer page that loads its own data (`apiKey`, `load`) and shows it with `children`;
 * when loading fails it says `unavailable` instead.
 */
export function CustomerPanel<T>({
  id,
  title,
  testId,
  apiKey,
  load,
  unavailable,
  children,
}: {
  id: string
  title: string
  testId: string
  apiKey: string
  load: () => Promise<T>
  unavailable: string
  children: (data: T) => ReactNode
}) {
  const loaded = useApi(apiKey, load)
  const data = loaded.fresh ? loaded.data : undefined
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
      {loaded.error && <p className="muted">{unavailable}</p>}
      {data && children(data)}
    </section>
  )
}
