import { useTranslation } from 'react-i18next'
import { SectionTabs } from '../../components/SectionTabs.js'

const tabs = [
  { to: '', key: 'drivers', end: true },
  { to: 'themes', key: 'themes', end: false },
  { to: 'diagnosis', key: 'diagnosis', end: false },
] as const

/** The Understanding section's title and tabs: key drivers, comment themes, each customer's loyalty diagnosis. */
export function UnderstandingTabs() {
  const { t } = useTranslation()
  const labelled = tabs.map((tab) => ({ ...tab, label: t(`understanding.tabs.${tab.key}`) }))
  return <SectionTabs name="understanding" path="feedback" tabs={labelled} />
}
