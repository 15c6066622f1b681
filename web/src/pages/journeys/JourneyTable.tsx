import { useTranslation } from 'react-i18next'
import { useClientSort } from '../../components/SortableTh.js'
import { useFormat } from '../../use-format.js'
import { formatCi, formatEmotion, formatOne } from './journey-format.js'
import type { Journey, TouchpointExperience } from './journeys-api.js'
import { fileName } from './journeys-api.js'
import { downloadText, toCsv } from './touchpoint-csv.js'

/** One row per touchpoint of the map, its figures as the API gives them (the CSV holds exactly these). */
function rowsOf(journey: Journey, byId: Map<string, TouchpointExperience>) {
  return journey.stages.flatMap((stage) => stage.touchpoints.map((tp) => ({ stage, tp, e: byId.get(tp.id) })))
}

/** The touchpoints of the map as a table, with its CSV download. */
export function JourneyTable({
  journey,
  byId,
}: {
  journey: Journey
  byId: Map<string, TouchpointExperience>
}) {
  const { t, i18n } = useTranslation()
  const f = useFormat()
  const locale = i18n.language
  const { sorted, th } = useClientSort(rowsOf(journey, byId), {
    stage: { value: (r) => r.stage.name },
    touchpoint: { value: (r) => r.tp.name },
    channel: { value: (r) => r.tp.channel },
    owner: { value: (r) => r.tp.owner?.name },
    volume: { value: (r) => r.e?.volume, firstDir: 'desc' },
    nps: { value: (r) => r.e?.metrics.nps?.value, firstDir: 'desc' },
    csat: { value: (r) => r.e?.metrics.csat?.value, firstDir: 'desc' },
    ces: { value: (r) => r.e?.metrics.ces?.value, firstDir: 'desc' },
    intended: { value: (r) => r.tp.intendedEmotion, firstDir: 'desc' },
    measured: { value: (r) => r.e?.emotion.measured.value, firstDir: 'desc' },
    gap: { value: (r) => r.e?.emotion.gap },
    openCases: { value: (r) => r.e?.openCases, firstDir: 'desc' },
  })
  const rows = sorted
  const promises = (e: TouchpointExperience | undefined) =>
    (e?.promises ?? []).map((p) => `${p.name}: ${formatOne(p.keptRate.value, locale)} %`).join('; ')

  const exportCsv = () => {
    const header = [
      'stage',
      'touchpoint',
      'key',
      'channel',
      'owner',
      'volume',
      'customers',
      'nps',
      'nps_ci_low',
      'nps_ci_high',
      'csat',
      'ces',
      'intended_emotion',
      'measured_emotion',
      'emotion_gap',
      'promises_kept_percent',
      'negative_answers',
      'open_cases',
    ]
    const body = rows.map(({ stage, tp, e }) => [
      stage.name,
      tp.name,
      tp.key,
      tp.channel,
      tp.owner?.name ?? null,
      e?.volume ?? null,
      e?.customers ?? null,
      e?.metrics.nps?.value ?? null,
      e?.metrics.nps?.ci95?.[0] ?? null,
      e?.metrics.nps?.ci95?.[1] ?? null,
      e?.metrics.csat?.value ?? null,
      e?.metrics.ces?.value ?? null,
      tp.intendedEmotion,
      e?.emotion.measured.value ?? null,
      e?.emotion.gap ?? null,
      (e?.promises ?? []).map((p) => `${p.name}: ${p.keptRate.value ?? ''}`).join('; ') || null,
      e?.painPoint.negatives ?? null,
      e?.openCases ?? null,
    ])
    downloadText(toCsv([header, ...body]), fileName(journey.name, 'csv'), 'text/csv;charset=utf-8')
  }

  return (
    <section className="card" aria-labelledby="journey-table-title">
      <div className="journey-section-head">
        <h2 className="card-title" id="journey-table-title">
          {t('journeys.tableTitle')}
        </h2>
        <button
          type="button"
          className="button button-secondary no-print"
          onClick={exportCsv}
          data-testid="journey-csv"
        >
          {t('journeys.csv')}
        </button>
      </div>
      <div className="table-scroll">
        <table className="table" data-testid="journey-table">
          <thead>
            <tr>
              {th('stage', t('journeys.stage'))}
              {th('touchpoint', t('journeys.touchpoint'))}
              {th('channel', t('journeys.channel'))}
              {th('owner', t('journeys.owner'))}
              {th('volume', t('journeys.volume'), true)}
              {th('nps', t('journeys.metrics.nps'), true)}
              <th>{t('journeys.ci95')}</th>
              {th('csat', t('journeys.metrics.csat'), true)}
              {th('ces', t('journeys.metrics.ces'), true)}
              {th('intended', t('journeys.intended'), true)}
              {th('measured', t('journeys.measured'), true)}
              {th('gap', t('journeys.gap'), true)}
              <th>{t('journeys.promises')}</th>
              {th('openCases', t('journeys.openCases'), true)}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ stage, tp, e }) => (
              <tr key={tp.id} data-testid="journey-table-row">
                <td>{stage.name}</td>
                <td>{tp.name}</td>
                <td>{tp.channel ?? '—'}</td>
                <td>{tp.owner?.name ?? '—'}</td>
                <td className="num">{e ? f.count(e.volume) : '—'}</td>
                <td className="num">{formatOne(e?.metrics.nps?.value, locale)}</td>
                <td>{formatCi(e?.metrics.nps, locale)}</td>
                <td className="num">{formatOne(e?.metrics.csat?.value, locale)}</td>
                <td className="num">{formatOne(e?.metrics.ces?.value, locale)}</td>
                <td className="num">{formatEmotion(tp.intendedEmotion, locale)}</td>
                <td className="num">{formatEmotion(e?.emotion.measured.value, locale)}</td>
                <td className="num">{formatEmotion(e?.emotion.gap, locale)}</td>
                <td>{promises(e) || '—'}</td>
                <td className="num">{e ? f.count(e.openCases) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
