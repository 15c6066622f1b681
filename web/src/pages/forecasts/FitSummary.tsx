import { useTranslation } from 'react-i18next'
import { formatCount } from '../../format.js'
import type { Fit, HoldoutReport } from './forecasts-api.js'

const digits = (v: number | undefined, n = 3) => (v === undefined ? '—' : v.toPrecision(n + 1))

/** The fitted models: a plain-language explanation of the chosen one, and every model's parameters and fit. */
export function FitSummary({ fit, validation }: { fit: Fit; validation: HoldoutReport | null }) {
  const { t, i18n } = useTranslation()
  const e = fit.explanation
  const pct = (v: number) =>
    new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(v)
  const num = (v: number, d = 1) =>
    new Intl.NumberFormat(i18n.language, { maximumFractionDigits: d }).format(v)
  const bg = fit.bgnbd
  const pn = fit.paretoNbd
  const gg = fit.gammaGamma
  return (
    <div style={grid}>
      <section className="card" data-testid="forecast-explanation">
        <h2 className="card-title">{t('forecasts.explanationTitle')}</h2>
        {e && (
          <ul style={{ margin: 0, paddingLeft: 18, lineHeight: 1.6 }}>
            <li>
              {t(bg && pn ? 'forecasts.explainModel' : 'forecasts.explainOnlyModel', {
                model: e.model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD',
                customers: formatCount(fit.customers, i18n.language),
                date: fit.calibrationEnd,
              })}
            </li>
            <li>{t('forecasts.explainRate', { perYear: num(e.purchasesPerWeek * 52) })}</li>
            {e.dropoutPerPurchase !== null && (
              <li>{t('forecasts.explainDropout', { share: pct(e.dropoutPerPurchase) })}</li>
            )}
            {e.lifetimeWeeks !== null && (
              <li>{t('forecasts.explainLifetime', { weeks: num(e.lifetimeWeeks, 0) })}</li>
            )}
            {e.meanSpend !== null && (
              <li>
                {t('forecasts.explainSpend', { amount: num(e.meanSpend, 2), currency: fit.currency ?? '' })}
              </li>
            )}
            {e.holdoutError !== null && validation && (
              <li>
                {t('forecasts.explainHoldout', {
                  actual: formatCount(validation.actual, i18n.language),
                  predicted: num(validation.predicted[e.model] ?? 0, 0),
                  error: pct(Math.abs(e.holdoutError)),
                })}
              </li>
            )}
            {e.correlation !== null && (
              <li>{t('forecasts.explainCorrelation', { r: num(e.correlation, 2) })}</li>
            )}
          </ul>
        )}
      </section>
      <section className="card">
        <h2 className="card-title">{t('forecasts.parametersTitle')}</h2>
        <div className="table-scroll">
          <table className="table" data-testid="forecast-parameters">
            <thead>
              <tr>
                <th>{t('forecasts.model')}</th>
                <th>{t('forecasts.parameters')}</th>
                <th className="num">{t('forecasts.logLikelihood')}</th>
              </tr>
            </thead>
            <tbody>
              <tr data-testid="forecast-bgnbd">
                <td>BG/NBD{fit.chosen === 'bgnbd' ? ` (${t('forecasts.chosen')})` : ''}</td>
                <td className="mono wrap">
                  {bg
                    ? `r ${digits(bg.r)} · α ${digits(bg.alpha)} · a ${digits(bg.a)} · b ${digits(bg.b)}`
                    : t('forecasts.notFitted')}
                </td>
                <td className="num">{bg ? digits(bg.logLikelihood, 6) : '—'}</td>
              </tr>
              <tr data-testid="forecast-pareto">
                <td>Pareto/NBD{fit.chosen === 'paretoNbd' ? ` (${t('forecasts.chosen')})` : ''}</td>
                <td className="mono wrap">
                  {pn
                    ? `r ${digits(pn.r)} · α ${digits(pn.alpha)} · s ${digits(pn.s)} · β ${digits(pn.beta)}`
                    : t('forecasts.notFitted')}
                </td>
                <td className="num">{pn ? digits(pn.logLikelihood, 6) : '—'}</td>
              </tr>
              <tr>
                <td>Gamma-Gamma</td>
                <td className="mono wrap">
                  {gg
                    ? `p ${digits(gg.p)} · q ${digits(gg.q)} · γ ${digits(gg.gamma)}`
                    : fit.constantSpend !== null
                      ? t('forecasts.fixedSpend', { amount: num(fit.constantSpend, 2) })
                      : t('forecasts.noSpendModel')}
                </td>
                <td className="num">{gg ? digits(gg.logLikelihood, 6) : '—'}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}

const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16 }
