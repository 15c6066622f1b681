import { type FormEvent, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ApiError } from '../../api.js'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Field } from '../../components/Field.js'
import { StepPager } from '../../components/Pager.js'
import { SortableTh, useClientSort } from '../../components/SortableTh.js'
import { nextSort, type SortState } from '../../components/sorting.js'
import { useMe } from '../../session.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { LoyaltyTabs } from './LoyaltyTabs.js'
import { type Act, loyaltyApi, WAITING_PAGE, type WaitingSort } from './loyalty-api.js'

/** Acts waiting for a thank-you (send one from here), and the valuable customers nobody has thanked yet. */
export function ThanksPage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '' } = useParams()
  const [offset, setOffset] = useState(0)
  const [thanking, setThanking] = useState<Act | undefined>()
  // The queue is paged, so the server sorts it; oldest first until a column is chosen.
  const [order, setOrder] = useState<SortState<WaitingSort>>({ key: 'occurred', dir: 'asc' })
  const onOrder = (key: WaitingSort) => {
    setOrder((s) => nextSort(s, key, key === 'points' ? 'desc' : 'asc'))
    setOffset(0)
  }
  const waitingTh = (column: WaitingSort, label: string, numeric = false) => (
    <SortableTh column={column} label={label} sort={order} onSort={onOrder} numeric={numeric} />
  )
  const waiting = useApi(`loyalty-waiting:${workspaceId}:${offset}:${order.key}:${order.dir}`, () =>
    loyaltyApi.waiting(workspaceId, offset, undefined, { sort: order.key, dir: order.dir }),
  )
  const never = useApi(`loyalty-never:${workspaceId}`, () => loyaltyApi.neverThanked(workspaceId))
  const { sorted, th } = useClientSort(never.data?.items ?? [], {
    customer: { value: (c) => c.name ?? c.externalId },
    revenue: { value: (c) => Number(c.monetary), firstDir: 'desc' },
    orders: { value: (c) => c.frequency, firstDir: 'desc' },
    actsWaiting: { value: (c) => c.actsWaiting, firstDir: 'desc' },
  })
  const customerLink = (id: string) =>
    `/w/${encodeURIComponent(workspaceId)}/customers/${encodeURIComponent(id)}`

  async function thankOldest(customerId: string) {
    const acts = await loyaltyApi.waiting(workspaceId, 0, customerId)
    setThanking(acts.items[0])
  }

  return (
    <div className="page">
      <LoyaltyTabs />
      {thanking && (
        <ThankForm
          act={thanking}
          onDone={() => {
            setThanking(undefined)
            waiting.reload()
            never.reload()
          }}
        />
      )}
      <section className="card" aria-labelledby="waiting-title">
        <h2 className="card-title" id="waiting-title">
          {t('loyalty.thanks.waiting')}
        </h2>
        {waiting.error && <ErrorNotice error={waiting.error} onRetry={waiting.reload} />}
        {waiting.data && waiting.data.items.length === 0 && (
          <div className="muted" data-testid="loyalty-waiting-empty">
            {t('loyalty.thanks.noneWaiting')}
          </div>
        )}
        {waiting.data && waiting.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="table" data-testid="loyalty-waiting-table">
              <thead>
                <tr>
                  {waitingTh('customer', t('loyalty.thanks.customer'))}
                  <th>
                    <span className="visually-hidden">{t('loyalty.thanks.thank')}</span>
                  </th>
                  {waitingTh('kind', t('loyalty.thanks.act'))}
                  {waitingTh('occurred', t('loyalty.thanks.when'))}
                  {waitingTh('points', t('loyalty.ledger.points'), true)}
                </tr>
              </thead>
              <tbody>
                {waiting.data.items.map((a) => (
                  <tr key={a.id} data-testid="loyalty-waiting-row" data-act={a.id}>
                    <td className="truncate">
                      <Link to={customerLink(a.customerId)}>{a.customerName}</Link>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-secondary"
                        onClick={() => setThanking(a)}
                        data-testid="loyalty-thank"
                        aria-label={t('loyalty.thanks.thankWho', { name: a.customerName })}
                      >
                        {t('loyalty.thanks.thank')}
                      </button>
                    </td>
                    <td>
                      {t(`loyalty.kinds.${a.kind}`)}
                      {a.note && <div className="muted">{a.note}</div>}
                    </td>
                    <td>{f.date(a.occurredAt)}</td>
                    <td className="num">{f.decimal(a.points)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <StepPager
          hasPrevious={offset > 0}
          hasNext={(waiting.data?.items.length ?? 0) >= WAITING_PAGE}
          onPrevious={() => setOffset(Math.max(0, offset - WAITING_PAGE))}
          onNext={() => setOffset(offset + WAITING_PAGE)}
        />
      </section>
      <section className="card" aria-labelledby="never-title">
        <h2 className="card-title" id="never-title">
          {t('loyalty.thanks.neverThanked')}
        </h2>
        <p className="muted">{t('loyalty.thanks.neverThankedHint')}</p>
        {never.error && <ErrorNotice error={never.error} onRetry={never.reload} />}
        {never.data && never.data.items.length === 0 && (
          <div className="muted">{t('loyalty.thanks.everyoneThanked')}</div>
        )}
        {never.data && never.data.items.length > 0 && (
          <div className="table-scroll">
            <table className="table" data-testid="loyalty-never-table">
              <thead>
                <tr>
                  {th('customer', t('loyalty.thanks.customer'))}
                  {th('revenue', t('loyalty.thanks.revenue'), true)}
                  {th('orders', t('loyalty.thanks.orders'), true)}
                  {th('actsWaiting', t('loyalty.thanks.actsWaiting'), true)}
                  <th>
                    <span className="visually-hidden">{t('loyalty.thanks.thank')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((c) => (
                  <tr key={c.customerId} data-testid="loyalty-never-row">
                    <td className="truncate">
                      <Link to={customerLink(c.customerId)}>{c.name ?? c.externalId}</Link>
                    </td>
                    <td className="num">{f.money(c.monetary)}</td>
                    <td className="num">{f.count(c.frequency)}</td>
                    <td className="num">{f.count(c.actsWaiting)}</td>
                    <td>
                      {c.actsWaiting > 0 ? (
                        <button
                          type="button"
                          className="button button-secondary"
                          onClick={() => thankOldest(c.customerId)}
                          aria-label={t('loyalty.thanks.thankWho', { name: c.name ?? c.externalId })}
                        >
                          {t('loyalty.thanks.thank')}
                        </button>
                      ) : (
                        <span className="muted">{t('loyalty.thanks.noActYet')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}

/** The thank-you for one act: from a named person, in their words, optionally also by e-mail. */
function ThankForm({ act, onDone }: { act: Act; onDone: () => void }) {
  const { t } = useTranslation()
  const { workspaceId = '' } = useParams()
  const me = useMe()
  const [from, setFrom] = useState(me.user.name)
  const [message, setMessage] = useState(
    t('loyalty.thanks.defaultMessage', { kind: t(`loyalty.kinds.${act.kind}`) }),
  )
  const [email, setEmail] = useState(false)
  const [error, setError] = useState<ApiError | undefined>()
  const [busy, setBusy] = useState(false)
  const messageRef = useRef<HTMLTextAreaElement>(null)
  // The form opens above the queue: bring it into view and put the keyboard in the message, again for each act.
  // biome-ignore lint/correctness/useExhaustiveDependencies: act.id is what re-opens the form
  useEffect(() => {
    messageRef.current?.scrollIntoView({ block: 'center' })
    messageRef.current?.focus()
  }, [act.id])

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    try {
      await loyaltyApi.thank(workspaceId, act.id, { from, message, email })
      onDone()
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="thank-title">
      <h2 className="card-title" id="thank-title">
        {t('loyalty.thanks.formTitle', { name: act.customerName, kind: t(`loyalty.kinds.${act.kind}`) })}
      </h2>
      <form className="loyalty-form" onSubmit={submit} data-testid="loyalty-thank-form">
        <Field label={t('loyalty.thanks.from')}>
          <input
            className="input"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            required
            maxLength={200}
          />
        </Field>
        <Field label={t('loyalty.thanks.message')}>
          <textarea
            ref={messageRef}
            className="input"
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            required
            maxLength={2000}
            rows={4}
          />
        </Field>
        <label>
          <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} />{' '}
          {t('loyalty.thanks.alsoEmail')}
        </label>
        {error && <ErrorNotice error={error} />}
        <div className="toolbar">
          <button type="submit" className="button" disabled={busy} data-testid="loyalty-thank-send">
            {t('loyalty.thanks.send')}
          </button>
          <button type="button" className="button button-secondary" onClick={onDone}>
            {t('loyalty.thanks.cancel')}
          </button>
        </div>
      </form>
    </section>
  )
}
