import { useTranslation } from 'react-i18next'
import type { TimelineEvent, TimelineItem, TimelineOrder } from '../../api-types.js'
import { useFormat } from '../../use-format.js'
import { ResponseDetail } from '../surveys/ResponseDetail.js'
import type { ResponseRow } from '../surveys/surveys-api.js'

const knownStatuses = ['completed', 'pending', 'cancelled', 'returned'] as const
type KnownStatus = (typeof knownStatuses)[number]
const isKnownStatus = (s: string): s is KnownStatus => knownStatuses.some((k) => k === s)

function OrderEntry({ order }: { order: TimelineOrder }) {
  const { t } = useTranslation()
  const f = useFormat()
  return (
    <li className="timeline-item timeline-order" data-testid="timeline-order" data-id={order.id}>
      <div className="timeline-dot" aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-head">
          <span className="timeline-title">{t('timeline.order', { id: order.externalId })}</span>
          <span className="timeline-amount" data-testid="timeline-order-amount">
            {f.money(order.amount, order.currency)}
          </span>
          <span className={`status status-${order.status}`} data-testid="timeline-order-status">
            {isKnownStatus(order.status) ? t(`timeline.status.${order.status}`) : order.status}
          </span>
          <time className="timeline-time muted" dateTime={order.at}>
            {f.dateTime(order.at)}
          </time>
        </div>
        {order.lines.length > 0 && (
          <table className="lines">
            <thead>
              <tr>
                <th>{t('timeline.product')}</th>
                <th className="num">{t('timeline.quantity')}</th>
                <th className="num">{t('timeline.unitPrice')}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line, i) => (
                // Lines have no id of their own; an order may repeat a product.
                // biome-ignore lint/suspicious/noArrayIndexKey: lines never reorder
                <tr key={i}>
                  <td data-testid="timeline-line-product">
                    {line.productName ? (
                      <>
                        {line.productName} <span className="mono muted small">{line.productId}</span>
                      </>
                    ) : (
                      <span className="mono">{line.productId}</span>
                    )}
                  </td>
                  <td className="num">{f.decimal(line.quantity)}</td>
                  <td className="num">{f.money(line.unitPrice, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </li>
  )
}

function propertyText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function EventEntry({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation()
  const f = useFormat()
  const properties = Object.entries(event.properties ?? {})
  return (
    <li className="timeline-item timeline-event" data-testid="timeline-event" data-id={event.id}>
      <div className="timeline-dot" aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-head">
          <span className="muted small">{t('timeline.event')}</span>
          <span className="timeline-title mono" data-testid="timeline-event-type">
            {event.type}
          </span>
          <time className="timeline-time muted" dateTime={event.at}>
            {f.dateTime(event.at)}
          </time>
        </div>
        {(event.channel || event.touchpoint) && (
          <div className="timeline-meta">
            {event.channel && (
              <span>
                {t('timeline.channel')}: <strong>{event.channel}</strong>
              </span>
            )}
            {event.touchpoint && (
              <span>
                {t('timeline.touchpoint')}: <strong>{event.touchpoint}</strong>
              </span>
            )}
          </div>
        )}
        {properties.length > 0 && (
          <dl className="properties">
            {properties.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{propertyText(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </li>
  )
}

function ResponseEntry({ workspaceId, response }: { workspaceId: string; response: ResponseRow }) {
  const { t } = useTranslation()
  const f = useFormat()
  const at = response.completedAt ?? response.startedAt
  return (
    <li className="timeline-item timeline-response" data-testid="timeline-response" data-id={response.id}>
      <div className="timeline-dot" aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-head">
          <span className="muted small">{t('timeline.answer')}</span>
          <span className="timeline-title">{response.surveyName}</span>
          {!response.completedAt && <span className="status status-pending">{t('timeline.partial')}</span>}
          <time className="timeline-time muted" dateTime={at}>
            {f.dateTime(at)}
          </time>
        </div>
        <div className="timeline-meta">
          <span>
            {t('timeline.channel')}: <strong>{response.channel}</strong>
          </span>
          <span>
            {t('timeline.touchpoint')}: <strong>{response.touchpoint}</strong>
          </span>
        </div>
        <ResponseDetail workspaceId={workspaceId} response={response} />
      </div>
    </li>
  )
}

type Entry =
  | { at: string; key: string; order: TimelineOrder }
  | { at: string; key: string; event: TimelineEvent }
  | { at: string; key: string; response: ResponseRow }

/** Orders, events and survey answers, newest first. */
export function CustomerTimeline({
  workspaceId,
  items,
  responses = [],
}: {
  workspaceId: string
  items: TimelineItem[]
  responses?: ResponseRow[]
}) {
  const { t } = useTranslation()
  const entries: Entry[] = [
    ...items.map((item) =>
      item.kind === 'order'
        ? { at: item.at, key: `o-${item.id}`, order: item }
        : { at: item.at, key: `e-${item.id}`, event: item },
    ),
    ...responses.map((r) => ({ at: r.completedAt ?? r.startedAt, key: `r-${r.id}`, response: r })),
  ]
  if (entries.length === 0) return <p className="muted">{t('timeline.empty')}</p>
  entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((e) =>
        'order' in e ? (
          <OrderEntry key={e.key} order={e.order} />
        ) : 'event' in e ? (
          <EventEntry key={e.key} event={e.event} />
        ) : (
          <ResponseEntry key={e.key} workspaceId={workspaceId} response={e.response} />
        ),
      )}
    </ol>
  )
}
