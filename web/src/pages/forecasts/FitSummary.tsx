import { useTranslation } from 'react-i18next'
import { useFormat } from '../../use-format.js'
import type { Fit, HoldoutReport } from './forecasts-api.js'

/** The fitted models: a plain-language explanation of the chosen one, and every model's parameters and fit. */
export function FitSummary({ fit, validation }: { fit: Fit; validation: HoldoutReport | null }) {
  const { t } = useTranslation()
  const f = useFormat()
  const e = fit.explanation
  const pct = (v: number) => f.percent(v, 0)
  const num = (v: number, d = 1) => f.number(v, d)
  const digits = (v: number | undefined) => f.parameter(v)
  const logLikelihood = (v: number | undefined) => f.number(v, 2)
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
                customers: f.count(fit.customers),
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
              <li>{t('forecasts.explainSpend', { amount: f.money(e.meanSpend, fit.currency) })}</li>
            )}
            {e.holdoutError !== null && validation && (
              <li>
                {t('forecasts.explainHoldout', {
                  actual: f.count(validation.actual),
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
                <td className="num">{bg ? logLikelihood(bg.logLikelihood) : '—'}</td>
              </tr>
              <tr data-testid="forecast-pareto">
                <td>Pareto/NBD{fit.chosen === 'paretoNbd' ? ` (${t('forecasts.chosen')})` : ''}</td>
                <td className="mono wrap">
                  {pn
                    ? `r ${digits(pn.r)} · α ${digits(pn.alpha)} · s ${digits(pn.s)} · β ${digits(pn.beta)}`
                    : t('forecasts.notFitted')}
                </td>
                <td className="num">{pn ? logLikelihood(pn.logLikelihood) : '—'}</td>
              </tr>
              <tr>
                <td>Gamma-Gamma</td>
                <td className="mono wrap">
                  {gg
                    ? `p ${digits(gg.p)} · q ${digits(gg.q)} · γ ${digits(gg.gamma)}`
                    : fit.constantSpend !== null
                      ? t('forecasts.fixedSpend', { amount: f.money(fit.constantSpend, fit.currency) })
                      : t('forecasts.noSpendModel')}
                </td>
                <td className="num">{gg ? logLikelihood(gg.logLikelihood) : '—'}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
    </div>
  )
}

const grid = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: 16 }
