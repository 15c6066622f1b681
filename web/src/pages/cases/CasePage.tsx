import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { CaseContextPanel } from './CaseContextPanel.js'
import { type CaseDetail, casesApi } from './cases-api.js'

type Move = 'in_progress' | 'waiting_on_customer' | 'resolved' | 'closed'
const next: Record<string, Move[]> = {
  new: ['in_progress', 'waiting_on_customer', 'resolved'],
  in_progress: ['waiting_on_customer', 'resolved'],
  waiting_on_customer: ['in_progress', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
}

type EventKind =
  | 'opened'
  | 'status'
  | 'assigned'
  | 'priority'
  | 'note'
  | 'reply'
  | 'inbound'
  | 'escalated'
  | 'resolved'
  | 'closed'
  | 'reopened'

/** One case: the customer, the SLA clocks, the conversation and history; reply, note, move, resolve. */
export function CasePage() {
  const { t } = useTranslation()
  const f = useFormat()
  const { workspaceId = '', caseId = '' } = useParams()
  const state = useApi(`case:${workspaceId}:${caseId}`, () => casesApi.get(workspaceId, caseId))
  const [text, setText] = useState('')
  const [summary, setSummary] = useState('')
  const [error, setError] = useState<string | null>(null)
  const k = state.data

  async function act(run: () => Promise<CaseDetail>) {
    setError(null)
    try {
      await run()
      setText('')
      state.reload()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  const when = (iso: string | null) => f.dateTime(iso)

  return (
    <div className="page">
      <Link className="back-link" to="..">
        ← {t('cases.title')}
      </Link>
      {state.error && <ErrorNotice error={state.error} onRetry={state.reload} />}
      {k && (
        <>
          <div className="page-header">
            <h1 className="page-title" data-testid="case-title">
              #{k.number} {k.subject}
            </h1>
            <div className="page-header-spacer" />
            <span className="badge" data-testid="case-status">
              {t(`cases.status.${k.status}`)}
            </span>
          </div>
          <div className="customer-layout">
            <section className="card">
              <h2 className="card-title">{t('cases.details')}</h2>
              <dl>
                <dt>{t('cases.customer')}</dt>
                <dd>
                  {k.customerId ? (
                    <Link to={`../../customers/${k.customerId}`}>{k.customerName ?? k.customerId}</Link>
                  ) : (
                    '—'
                  )}
                  {k.customerEmail ? ` · ${k.customerEmail}` : ''}
                </dd>
                <dt>{t('cases.unit')}</dt>
                <dd>{k.orgUnitName ?? '—'}</dd>
                <dt>{t('cases.owner')}</dt>
                <dd>{k.ownerName ?? t('cases.unassigned')}</dd>
                <dt>{t('cases.priorityLabel')}</dt>
                <dd>{t(`cases.priority.${k.priority}`)}</dd>
                <dt>{t('cases.firstReplyDue')}</dt>
                <dd className={k.breached.firstReply ? 'badge badge-danger' : undefined}>
                  {when(k.firstReplyDueAt)}
                </dd>
                <dt>{t('cases.resolutionDue')}</dt>
                <dd className={k.breached.resolution ? 'badge badge-danger' : undefined}>
                  {k.resolutionDueAt ? when(k.resolutionDueAt) : t('cases.paused')}
                </dd>
                <dt>{t('cases.sla')}</dt>
                <dd data-testid="case-clock">{f.duration(k.secondsLeft)}</dd>
                {k.resolutionSummary && (
                  <>
                    <dt>{t('cases.resolutionSummary')}</dt>
                    <dd data-testid="case-summary">{k.resolutionSummary}</dd>
                  </>
                )}
              </dl>
              <div className="toolbar">
                {next[k.status]?.map((to) => (
                  <button
                    key={to}
                    type="button"
                    className="button button-secondary"
                    data-testid={`case-move-${to}`}
                    onClick={() =>
                      act(() =>
                        casesApi.change(workspaceId, caseId, {
                          status: to,
                          ...(summary.trim() ? { resolutionSummary: summary.trim() } : {}),
                        }),
                      )
                    }
                  >
                    {k.status === 'resolved' && to === 'in_progress'
                      ? t('cases.move.reopen')
                      : t(`cases.move.${to}`)}
                  </button>
                ))}
              </div>
              {(k.status === 'new' || k.status === 'in_progress' || k.status === 'waiting_on_customer') && (
                <label>
                  {t('cases.resolutionSummary')}
                  <textarea
                    className="input"
                    rows={3}
                    style={{ width: '100%' }}
                    value={summary}
                    placeholder={t('cases.summaryHint')}
                    onChange={(e) => setSummary(e.target.value)}
                    data-testid="case-summary-input"
                  />
                </label>
              )}
            </section>
            <section className="card">
              <h2 className="card-title">{t('cases.history')}</h2>
              <ol className="case-events" data-testid="case-events">
                {k.events.map((e) => (
                  <li key={e.id} data-kind={e.kind}>
                    <span className="muted">{when(e.at)}</span>{' '}
                    <strong>{t(`cases.event.${e.kind as EventKind}`)}</strong>
                    {e.actorName ? ` · ${e.actorName}` : ''}
                    {e.body && <div className="case-event-body">{e.body}</div>}
                  </li>
                ))}
              </ol>
              {k.status !== 'closed' && (
                <>
                  <textarea
                    className="input"
                    rows={4}
                    style={{ width: '100%' }}
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    placeholder={t('cases.writeHint')}
                    data-testid="case-text"
                  />
                  <div className="toolbar">
                    <button
                      type="button"
                      className="button"
                      disabled={!text.trim() || !k.customerEmail}
                      data-testid="case-reply"
                      onClick={() => act(() => casesApi.reply(workspaceId, caseId, text, 'email'))}
                    >
                      {t('cases.replyEmail')}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={!text.trim()}
                      onClick={() => act(() => casesApi.reply(workspaceId, caseId, text, 'phone'))}
                    >
                      {t('cases.logPhone')}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={!text.trim()}
                      data-testid="case-note"
                      onClick={() => act(() => casesApi.note(workspaceId, caseId, text))}
                    >
                      {t('cases.addNote')}
                    </button>
                  </div>
                </>
              )}
              {error && <div className="notice notice-error">{error}</div>}
            </section>
          </div>
          {k.customerId && <CaseContextPanel workspaceId={workspaceId} caseId={caseId} />}
        </>
      )}
    </div>
  )
}
