import type { Dispatch } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../../../components/Field.js'
import type { Definition, Language, Question } from '../surveys-api.js'
import { type FieldIssue, issuesIn } from './draft-issues.js'
import { IssueText, invalidProps } from './IssueText.js'
import { QuestionEditor } from './QuestionEditor.js'
import { opLabel, SkipEditor } from './SkipEditor.js'
import { skippedBy, unreachablePages } from './skip-logic.js'
import type { DraftAction, SurveyDraft } from './survey-draft.js'
import { TranslationsTable } from './TranslationsTable.js'

const types: Question['type'][] = ['nps', 'csat', 'ces', 'rating', 'single', 'multiple', 'text', 'battery']

interface DraftProps {
  definition: Definition
  /** The language whose texts are being edited. */
  language: Language
  view: SurveyDraft['view']
  issues: FieldIssue[]
  dispatch: Dispatch<DraftAction>
}

/**
 * The survey's texts in one language (its title, every page's questions, and buttons that add one), or every
 * language side by side.
 */
export function QuestionList({ definition, language, view, issues, dispatch }: DraftProps) {
  const { t } = useTranslation()
  const title = (text: Definition['title'] | undefined, code: string) => text?.[code as 'en']
  const unreachable = unreachablePages(definition)
  const skipped = skippedBy(definition)
  const titleIssues = issuesIn(issues, 'definition.title')
  const bar = (
    <EditLanguageBar languages={definition.languages} language={language} view={view} dispatch={dispatch} />
  )
  if (view === 'sideBySide')
    return (
      <>
        {bar}
        <TranslationsTable definition={definition} dispatch={dispatch} />
      </>
    )
  return (
    <>
      {bar}
      <Field label={t('surveys.builder.surveyTitle')}>
        <input
          className="input"
          value={title(definition.title, language) ?? ''}
          placeholder={title(definition.title, definition.defaultLanguage) ?? ''}
          onChange={(e) => dispatch({ type: 'setTitle', text: e.target.value })}
          data-testid="builder-survey-title"
          {...invalidProps(titleIssues, 'definition.title')}
        />
      </Field>
      <IssueText issues={titleIssues} slot="definition.title" />
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
          <div className="builder-page-head">
            <h3 className="small muted">
              {t('surveys.builder.pageN', { n: p + 1 })}
              {title(page.title, language) ? ` · ${title(page.title, language)}` : ''}
            </h3>
            <PageMoveButtons page={p} pages={definition.pages.length} dispatch={dispatch} />
          </div>
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
              at={`definition.pages.${p}.questions.${index}`}
              issues={issues}
              onChange={(next) => dispatch({ type: 'updateQuestion', page: p, index, question: next })}
              onRemove={() => dispatch({ type: 'removeQuestion', page: p, index })}
              onMove={(by) => dispatch({ type: 'moveQuestion', page: p, index, by })}
            />
          ))}
          <SkipEditor
            definition={definition}
            page={p}
            language={language}
            issues={issues}
            dispatch={dispatch}
          />
        </section>
      ))}
      <AddQuestionBar dispatch={dispatch} />
    </>
  )
}

/** "Page 2 ↑ ↓": moves a page with its questions and skip rules. */
function PageMoveButtons({
  page,
  pages,
  dispatch,
}: {
  page: number
  pages: number
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  if (pages < 2) return null
  return (
    <>
      {([-1, 1] as const).map((by) => (
        <button
          type="button"
          key={by}
          className="button button-secondary"
          disabled={page + by < 0 || page + by >= pages}
          aria-label={t(by < 0 ? 'surveys.builder.movePageUp' : 'surveys.builder.movePageDown', {
            n: page + 1,
          })}
          onClick={() => dispatch({ type: 'movePage', page, by })}
          data-testid={`move-page-${by < 0 ? 'up' : 'down'}-${page}`}
        >
          {by < 0 ? '↑' : '↓'}
        </button>
      ))}
    </>
  )
}

/** Which language's texts are edited, or all of them side by side. */
function EditLanguageBar({
  languages,
  language,
  view,
  dispatch,
}: {
  languages: Language[]
  language: Language
  view: SurveyDraft['view']
  dispatch: Dispatch<DraftAction>
}) {
  const { t } = useTranslation()
  return (
    <div className="toolbar">
      <fieldset className="segmented" aria-label={t('surveys.builder.textsView')}>
        {(['one', 'sideBySide'] as const).map((v) => (
          <label key={v} className="checkbox-label">
            <input
              type="radio"
              name="builder-view"
              checked={view === v}
              onChange={() => dispatch({ type: 'setView', view: v })}
              data-testid={`builder-view-${v}`}
            />
            {t(v === 'one' ? 'surveys.builder.viewOne' : 'surveys.builder.viewSideBySide')}
          </label>
        ))}
      </fieldset>
      {view === 'one' && <span className="field-label">{t('surveys.builder.editLanguage')}</span>}
      {view === 'one' && (
        <select
          className="select"
          aria-label={t('surveys.builder.editLanguage')}
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
      )}
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
