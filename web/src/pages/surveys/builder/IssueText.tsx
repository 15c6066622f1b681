import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { languages } from '../../../i18n/index.js'
import type { FieldIssue } from './draft-issues.js'

/** The id of the element that describes a slot's issues, for aria-describedby. */
export const issueId = (slot: string) => `issue-${slot.replace(/\./g, '-')}`

/** One issue in the dashboard's language; a language code in it becomes the language's own name. */
export function issueText(issue: FieldIssue, t: TFunction): string {
  const code = issue.params?.language
  const language = languages.find((l) => l.code === code)?.name ?? code ?? ''
  return t(`surveys.builder.issues.${issue.key}`, { ...issue.params, language })
}

/** The issues of one field, under it. */
export function IssueText({ issues, slot }: { issues: FieldIssue[]; slot: string }) {
  const { t } = useTranslation()
  if (issues.length === 0) return null
  return (
    <div className="field-error" id={issueId(slot)} data-testid={`issue-${slot}`}>
      {[...new Set(issues.map((i) => issueText(i, t)))].join(' ')}
    </div>
  )
}

/** The attributes that tie a control to its issues. */
export function invalidProps(issues: FieldIssue[], slot: string) {
  return issues.length > 0 ? { 'aria-invalid': true, 'aria-describedby': issueId(slot) } : {}
}
