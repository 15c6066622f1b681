import { useTranslation } from 'react-i18next'
import { useFormat } from '../use-format.js'

/** The translation keys of a pager's words; each list keeps its own range wording. */
interface PagerWords {
  range: 'customers.range' | 'forecasts.range' | 'themes.verbatimCount'
  /** The buttons' words; the shared "previous" and "next" when absent. */
  previous?: 'customers.previous'
  next?: 'customers.next'
}

const customerWords: PagerWords = {
  range: 'customers.range',
  previous: 'customers.previous',
  next: 'customers.next',
}

interface PagerProps {
  /** A page of a paged list, as the API answers it. */
  page: { total: number; offset: number; limit: number; items: readonly unknown[] }
  onGo(offset: number): void
  /** Prefix of the test ids `<testId>-range`, `-previous` and `-next`. */
  testId?: string
  words?: PagerWords
  /** Shows "0–0 of 0" instead of nothing, for a list without an empty state of its own. */
  showEmpty?: boolean
}

/** The range shown and previous/next buttons under an offset-paged list whose total is known. */
export function Pager({
  page,
  onGo,
  testId = 'customers',
  words = customerWords,
  showEmpty = false,
}: PagerProps) {
  const { total, offset, limit } = page
  const count = page.items.length
  const { t } = useTranslation()
  const f = useFormat()
  if (total === 0 && !showEmpty) return null
  const n = (v: number) => f.count(v)
  return (
    <div className="pager">
      <span className="muted" data-testid={`${testId}-range`}>
        {t(words.range, { from: n(count ? offset + 1 : 0), to: n(offset + count), total: n(total) })}
      </span>
      <div className="pager-buttons">
        <PagerButtons
          labels={{ previous: t(words.previous ?? 'pager.previous'), next: t(words.next ?? 'pager.next') }}
          hasPrevious={offset > 0}
          hasNext={offset + count < total}
          onPrevious={() => onGo(Math.max(0, offset - limit))}
          onNext={() => onGo(offset + limit)}
          testId={testId}
        />
      </div>
    </div>
  )
}

interface StepPagerProps {
  hasPrevious: boolean
  hasNext: boolean
  onPrevious(): void
  onNext(): void
  /** The buttons' words, when not the shared "previous" and "next". */
  labels?: { previous: string; next: string }
  testId?: string
}

/** Previous/next buttons, far apart, under a list whose total is unknown (cursor pages, uncounted queues). */
export function StepPager(props: StepPagerProps) {
  return (
    <div className="pager">
      <PagerButtons {...props} />
    </div>
  )
}

function PagerButtons({ hasPrevious, hasNext, onPrevious, onNext, labels, testId }: StepPagerProps) {
  const { t } = useTranslation()
  const step = (label: string, enabled: boolean, onClick: () => void, id: 'previous' | 'next') => (
    <button
      type="button"
      className="button button-secondary"
      disabled={!enabled}
      onClick={onClick}
      data-testid={testId && `${testId}-${id}`}
    >
      {label}
    </button>
  )
  return (
    <>
      {step(labels?.previous ?? t('pager.previous'), hasPrevious, onPrevious, 'previous')}
      {step(labels?.next ?? t('pager.next'), hasNext, onNext, 'next')}
    </>
  )
}
