import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../../../components/Field.js'
import type { Definition, Language, Question } from '../surveys-api.js'
import { QuestionEditor } from './QuestionEditor.js'
import { opLabel, SkipEditor } from './SkipEditor.js'
import { skippedBy, unreachablePages } from './skip-logic.js'
import type { DraftAction } from './survey-draft.js'

const types: Question['type'][] = ['nps', 'csat', 'ces', 'rating', 'single', 'multiple', 'text', 'battery']

interface DraftProps {
  definition: Definition
  /** The language whose texts are being edited. */
  language: Language
  dispatch: Dispatch<DraftAction>
}

/** The survey's texts in one language: its title, every page's questions, and buttons that add one. */
export function QuestionList({ definition, language, dispatch }: DraftProps) {
  const { t } = useTranslation()
  const title = (text: Definition['title'] | undefined, code: string) => text?.[code as 'en']
  const unreachable = unreachablePages(definition)
  const skipped = skippedBy(definition)
  return (
    <>
      <EditLanguageBar languages={definition.languages} language={language} dispatch={dispatch} />
      <Field label={t('surveys.builder.surveyTitle')}>
        <input
          className="input"
          value={title(definition.title, language) ?? ''}
          placeholder={title(definition.title, definition.defaultLanguage) ?? ''}
          onChange={(e) => dispatch({ type: 'setTitle', text: e.target.value })}
          data-testid="builder-survey-title"
        />
      </Field>
      {unreachable.length > 0 && (
        <div className="notice notice-warn" role="alert" data-testid="builder-unreachable">
          {t('surveys.builder.unreachable', {
            pages: unreachable.map((p) => p + 1).join(', '),
            questions: unreachable
              .flatMap((p) => definition.pages[p]?.questions.map((q) => q.id) ?? [])
              .join(', '),
          })}
        </div>
      )}
      {definition.pages.map((page, p) => (
        <section key={page.id} className="builder-page" data-testid={`builder-page-${p}`}>
          <h3 className="small muted">
            {t('surveys.builder.pageN', { n: p + 1 })}
            {title(page.title, language) ? ` · ${title(page.title, language)}` : ''}
          </h3>
          {(skipped.get(p) ?? []).map(({ page: from, rule }, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: notes have no id of their own.
            <p className="small warn-text" key={i} data-testid={`builder-skipped-${p}`}>
              {t('surveys.builder.skippedWhen', {
                question: rule.when.question,
                op: opLabel(rule.when.op, t),
                value: rule.when.value ?? '',
                page: from + 1,
              })}
            </p>
          ))}
          {page.questions.map((question, index) => (
            <QuestionEditor
              key={question.id}
              question={question}
              language={language}
              fallback={definition.defaultLanguage}
              onChange={(next) => dispatch({ type: 'updateQuestion', page: p, index, question: next })}
              onRemove={() => dispatch({ type: 'removeQuestion', page: p, index })}
              onMove={(by) => dispatch({ type: 'moveQuestion', page: p, index, by })}
            />
          ))}
          <SkipEditor definition={definition} page={p} language={language} dispatch={dispatch} />
        </section>
      ))}
      <AddQuestionBar dispatch={dispatch} />
    </>
  )
}

function EditLanguageBar({
  languages,
  language,
  dispatch,
}: {
  languages: Language[]
  language: Language
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  return (
    <div className="toolbar">
      <span className="field-label">{t('surveys.builder.editLanguage')}</span>
      <select
        className="select"
        value={language}
        onChange={(e) => {
          const code = languages.find((l) => l === e.target.value)
          if (code) dispatch({ type: 'editLanguage', code })
        }}
        data-testid="builder-language"
      >
        {languages.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
    </div>
  )
}

function AddQuestionBar({ dispatch }: { dispatch: Dispatch<DraftAction> }) {
  const { t } = useTranslation()
  return (
    <div className="toolbar">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => dispatch({ type: 'addPage' })}
        data-testid="add-page"
      >
        {t('surveys.builder.addPage')}
      </button>
      <span className="field-label">{t('surveys.builder.addQuestion')}</span>
      {types.map((type) => (
        <button
          type="button"
          className="button button-secondary"
          key={type}
          onClick={() => dispatch({ type: 'addQuestion', questionType: type })}
          data-testid={`add-${type}`}
        >
          {t(`surveys.types.${type}`)}
        </button>
      ))}
    </div>
  )
}
