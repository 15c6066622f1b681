import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/** Copies a text (a link, a secret) to the clipboard and says so. */
export function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? t('settings.copied') : t('settings.copy')}
    </button>
  )
}
