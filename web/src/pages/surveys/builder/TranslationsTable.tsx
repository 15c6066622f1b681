import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import type { Definition, Language } from '../surveys-api.js'
import type { DraftAction } from './survey-draft.js'
import { isMissing, missingCounts, type TextEntry, translatableTexts } from './translatable-texts.js'

/**
 * Every text of the survey with one column per language: a missing translation is marked (and counted per
 * language in the header), and the default language's text shows through as the placeholder.
 */
export function TranslationsTable({
  definition,
  dispatch,
}: {
  definition: Definition
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  const entries = translatableTexts(definition)
  const missing = missingCounts(definition)
  const label = (e: TextEntry) => t(`surveys.builder.textKinds.${e.kind}`, e.params)
  return (
    <div className="card table-card">
      <div className="table-scroll">
        <table className="table translations-table" data-testid="translations-table">
          <thead>
            <tr>
              <th>{t('surveys.builder.textColumn')}</th>
              {definition.languages.map((l) => (
                <th key={l} data-testid={`translations-missing-${l}`}>
                  {l}
                  {l === definition.defaultLanguage ? ` (${t('surveys.builder.defaultLanguage')})` : ''}
                  <div className={missing[l] ? 'missing-mark' : 'muted small'}>
                    {t('surveys.builder.missingCount', { count: missing[l] ?? 0 })}
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.path.join('.')}>
                <th scope="row" className="small">
                  {label(e)}
                </th>
                {definition.languages.map((l: Language) => {
                  const gap = isMissing(e.text, l)
                  return (
                    <td key={l}>
                      <textarea
                        className={`input${gap ? ' missing-translation' : ''}`}
                        rows={1}
                        aria-label={`${label(e)} (${l})${gap ? `: ${t('surveys.builder.missingOne')}` : ''}`}
                        value={e.text[l] ?? ''}
                        placeholder={e.text[definition.defaultLanguage] ?? ''}
                        onChange={(ev) =>
                          dispatch({ type: 'setText', path: e.path, language: l, text: ev.target.value })
                        }
                        data-testid={`translation-${e.path.join('.')}-${l}`}
                      />
                      {gap && <span className="missing-mark">{t('surveys.builder.missingOne')}</span>}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
