import { useTranslation } from 'react-i18next'
import type { InsightWindow } from './insights-api.js'

/** Two local dates, both included, for every number of the page. */
export function WindowPicker({
  window,
  onChange,
}: {
  window: InsightWindow
  onChange: (w: InsightWindow) => void
}) {
  const { t } = useTranslation()
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <label className="muted" htmlFor="insight-from">
        {t('insights.from')}
      </label>
      <input
        id="insight-from"
        className="input"
        type="date"
        value={window.from}
        data-testid="insight-from"
        onChange={(e) =>
          e.target.value && e.target.value <= window.to && onChange({ ...window, from: e.target.value })
        }
      />
      <label className="muted" htmlFor="insight-to">
        {t('insights.to')}
      </label>
      <input
        id="insight-to"
        className="input"
        type="date"
        value={window.to}
        data-testid="insight-to"
        onChange={(e) =>
          e.target.value && e.target.value >= window.from && onChange({ ...window, to: e.target.value })
        }
      />
    </div>
  )
}
