import { useTranslation } from 'react-i18next'
import { SectionTabs } from '../../components/SectionTabs.js'
import './loyalty.css'

const tabs = [
  { to: '', key: 'health', end: true },
  { to: 'members', key: 'members', end: false },
  { to: 'thanks', key: 'thanks', end: true },
  { to: 'settings', key: 'settings', end: true },
] as const

/** The loyalty section's title and its tabs: health, members (and their ledgers), thank-you queue, settings. */
export function LoyaltyTabs() {
  const { t } = useTranslation()
  const labelled = tabs.map((tab) => ({ ...tab, label: t(`loyalty.tabs.${tab.key}`) }))
  return <SectionTabs name="loyalty" path="loyalty" tabs={labelled} />
}
