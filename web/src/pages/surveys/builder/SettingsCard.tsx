import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../../../components/Field.js'
import type { Definition, Language, Survey } from '../surveys-api.js'
import { type FieldIssue, issuesIn } from './draft-issues.js'
import { IssueText, invalidProps } from './IssueText.js'
import type { DraftAction, SurveySettings } from './survey-draft.js'

const allLanguages: Language[] = ['en', 'uk', 'ru', 'pl', 'lv']

/** The survey's name, touchpoint, NPS kind and status, and the languages it is offered in. */
export function SettingsCard({
  settings,
  definition,
  issues,
  dispatch,
}: {
  settings: SurveySettings
  definition: Definition
  issues: FieldIssue[]
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  const change = (changes: Partial<SurveySettings>) => dispatch({ type: 'changeSettings', changes })
  const name = issuesIn(issues, 'name')
  const touchpoint = issuesIn(issues, 'touchpoint')
  const langs = issuesIn(issues, 'definition.languages')
  return (
    <div className="card form">
      <Field label={t('surveys.columns.name')}>
        <input
          className="input"
          value={settings.name}
          onChange={(e) => change({ name: e.target.value })}
          data-testid="builder-name"
          {...invalidProps(name, 'name')}
        />
      </Field>
      <IssueText issues={name} slot="name" />
      <Field label={t('surveys.columns.touchpoint')}>
        <input
          className="input"
          value={settings.touchpoint}
          onChange={(e) => change({ touchpoint: e.target.value })}
          data-testid="builder-touchpoint"
          {...invalidProps(touchpoint, 'touchpoint')}
        />
      </Field>
      <IssueText issues={touchpoint} slot="touchpoint" />
      <Field label={t('surveys.columns.npsKind')}>
        <select
          className="select"
          value={settings.npsKind}
          onChange={(e) => change({ npsKind: e.target.value as Survey['npsKind'] })}
        >
          <option value="transactional">{t('surveys.npsKind.transactional')}</option>
          <option value="relational">{t('surveys.npsKind.relational')}</option>
        </select>
      </Field>
      <Field label={t('surveys.columns.status')}>
        <select
          className="select"
          value={settings.status}
          onChange={(e) => change({ status: e.target.value as Survey['status'] })}
          data-testid="builder-status"
        >
          {(['draft', 'active', 'closed'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`surveys.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
      <div className="field">
        <span className="field-label">{t('surveys.builder.languages')}</span>
        <div className="toolbar">
          {allLanguages.map((code) => (
            <label className="checkbox-label" key={code}>
              <input
                type="checkbox"
                className="checkbox"
                checked={definition.languages.includes(code)}
                disabled={code === definition.defaultLanguage}
                onChange={() => dispatch({ type: 'toggleLanguage', code })}
              />
              {code}
            </label>
          ))}
        </div>
        <IssueText issues={langs} slot="definition.languages" />
      </div>
    </div>
  )
}
