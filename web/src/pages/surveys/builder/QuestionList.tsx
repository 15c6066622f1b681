import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../../../components/Field.js'
import type { Definition, Language, Question } from '../surveys-api.js'
import { QuestionEditor } from './QuestionEditor.js'
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
      {definition.pages.map((page, p) => (
        <div key={page.id}>
          <h3 className="small muted">{title(page.title, language) ?? page.title?.en ?? page.id}</h3>
          {page.questions.map((question, index) => (
            <QuestionEditor
              key={question.id}
              question={question}
              language={language}
              fallback={definition.defaultLanguage}
              onChange={(next) => dispatch({ type: 'updateQuestion', page: p, index, question: next })}
              onRemove={() => dispatch({ type: 'removeQuestion', page: p, index })}
            />
          ))}
        </div>
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
