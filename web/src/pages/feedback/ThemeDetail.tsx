import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorNotice } from '../../components/ErrorNotice.js'
import { Pager } from '../../components/Pager.js'
import { useApi } from '../../use-api.js'
import { useFormat } from '../../use-format.js'
import { type ThemeFilter, type ThemeRow, themesApi } from './themes-api.js'

const PAGE = 20

/** One theme: its phrases, the analyst's rename, pin and merge, and its verbatims (newest first, paged). */
export function ThemeDetail({
  workspaceId,
  theme,
  themes,
  filter,
  onChanged,
  onClose,
}: {
  workspaceId: string
  theme: ThemeRow
  themes: ThemeRow[]
  filter: ThemeFilter
  onChanged: () => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const f = useFormat()
  const [polarity, setPolarity] = useState('')
  const [offset, setOffset] = useState(0)
  const [name, setName] = useState(theme.renamed ? theme.name : '')
  const [into, setInto] = useState('')
  const [error, setError] = useState<string | null>(null)
  const verbatims = useApi(
    `theme-verbatims:${workspaceId}:${theme.key}:${filter.language}:${filter.touchpoint}:${polarity}:${offset}:${theme.merged.join()}`,
    () =>
      themesApi.verbatims(workspaceId, theme.key, {
        ...filter,
        polarity: polarity || undefined,
        limit: PAGE,
        offset,
      }),
  )
  const save = async (change: Parameters<typeof themesApi.edit>[2]) => {
    setError(null)
    try {
      await themesApi.edit(workspaceId, theme.key, change)
      onChanged()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  const unmerge = async (key: string) => {
    setError(null)
    try {
      await themesApi.edit(workspaceId, key, { mergedInto: null })
      onChanged()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  const page = verbatims.data
  return (
    <section className="card" style={{ marginTop: 16 }} data-testid="theme-detail" aria-label={theme.name}>
      <div className="page-header">
        <h2 className="card-title" data-testid="theme-detail-name">
          {theme.name}
        </h2>
        <div className="page-header-spacer" />
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('themes.close')}
        </button>
      </div>
      <p className="muted small" data-testid="theme-phrases">
        {t('themes.phrases')}: {theme.phrases.map((p) => p.surface).join(' · ') || '—'}
      </p>
      <div className="toolbar">
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void save({ name: name.trim() || null })
          }}
        >
          <label>
            {t('themes.rename')}{' '}
            <input
              className="input"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('themes.renamePlaceholder')}
              data-testid="theme-rename"
            />
          </label>{' '}
          <button type="submit" className="button button-secondary" data-testid="theme-rename-save">
            {t('themes.save')}
          </button>
        </form>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => save({ pinned: !theme.pinned })}
          data-testid="theme-pin"
        >
          {theme.pinned ? t('themes.unpin') : t('themes.pin')}
        </button>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (into) void save({ mergedInto: into })
          }}
        >
          <label>
            {t('themes.mergeInto')}{' '}
            <select
              className="input"
              value={into}
              onChange={(e) => setInto(e.target.value)}
              data-testid="theme-merge"
            >
              <option value="">—</option>
              {themes
                .filter((x) => x.key !== theme.key)
                .map((x) => (
                  <option key={x.key} value={x.key}>
                    {x.name}
                  </option>
                ))}
            </select>
          </label>{' '}
          <button
            type="submit"
            className="button button-secondary"
            disabled={!into}
            data-testid="theme-merge-save"
          >
            {t('themes.merge')}
          </button>
        </form>
      </div>
      {theme.merged.length > 0 && (
        <p className="small">
          {t('themes.mergedHere')}{' '}
          {theme.merged.map((key) => (
            <button key={key} type="button" className="button button-secondary" onClick={() => unmerge(key)}>
              {t('themes.unmerge', { key })}
            </button>
          ))}
        </p>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <div className="toolbar">
        <label>
          {t('themes.polarity')}{' '}
          <select
            className="input"
            value={polarity}
            onChange={(e) => {
              setPolarity(e.target.value)
              setOffset(0)
            }}
            data-testid="theme-polarity"
          >
            <option value="">{t('themes.anyPolarity')}</option>
            <option value="negative">{t('themes.polarities.negative')}</option>
            <option value="neutral">{t('themes.polarities.neutral')}</option>
            <option value="positive">{t('themes.polarities.positive')}</option>
          </select>
        </label>
      </div>
      {verbatims.error && <ErrorNotice error={verbatims.error} onRetry={verbatims.reload} />}
      {page && (
        <>
          <ul className="lines" data-testid="theme-verbatims">
            {page.items.map((v) => (
              <li key={`${v.responseId}:${v.questionId}`} data-testid="theme-verbatim" lang={v.language}>
                <div>“{v.text}”</div>
                <div className="muted small">
                  {f.date(v.answeredAt)} · {v.touchpoint} · {t(`themes.languages.${v.language as 'en'}`)} ·{' '}
                  {t(`themes.polarities.${v.polarity}`)}
                  {v.npsGroup ? ` · ${t(`themes.groups.${v.npsGroup}`)}` : ''}
                </div>
              </li>
            ))}
          </ul>
          <Pager
            page={page}
            onGo={setOffset}
            testId="theme-verbatims"
            words={{ range: 'themes.verbatimCount' }}
            showEmpty
          />
        </>
      )}
    </section>
  )
}
