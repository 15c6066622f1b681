import { lazy } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, Route, Routes, useLocation } from 'react-router'
import { ErrorNotice } from './components/ErrorNotice.js'
import { Shell } from './layout/Shell.js'
import { CasePage } from './pages/cases/CasePage.js'
import { CasesPage } from './pages/cases/CasesPage.js'
import { ChangesPage } from './pages/cases/ChangesPage.js'
import { OutreachPage } from './pages/cases/OutreachPage.js'
import { WebhooksPage } from './pages/cases/WebhooksPage.js'
import { CustomerPage } from './pages/customers/CustomerPage.js'
import { CustomersPage } from './pages/customers/CustomersPage.js'
import { DiagnosisPage } from './pages/feedback/DiagnosisPage.js'
import { HomeRedirect } from './pages/home/HomeRedirect.js'
import { ImportPage } from './pages/import/ImportPage.js'
import { InvitePage } from './pages/invite/InvitePage.js'
import { JourneyEditorPage } from './pages/journeys/JourneyEditorPage.js'
import { JourneysPage } from './pages/journeys/JourneysPage.js'
import { LoginPage } from './pages/login/LoginPage.js'
import { MemberLedgerPage } from './pages/loyalty/MemberLedgerPage.js'
import { MembersPage } from './pages/loyalty/MembersPage.js'
import { ProgramSettingsPage } from './pages/loyalty/ProgramSettingsPage.js'
import { ThanksPage } from './pages/loyalty/ThanksPage.js'
import { SegmentCustomersPage } from './pages/segments/SegmentCustomersPage.js'
import { SettingsPage } from './pages/settings/SettingsPage.js'
import { SetupPage } from './pages/setup/SetupPage.js'
import { DistributionPage } from './pages/surveys/distribution/DistributionPage.js'
import { ProgramPage } from './pages/surveys/distribution/ProgramPage.js'
import { ResponsesPage } from './pages/surveys/ResponsesPage.js'
import { SurveyBuilderPage } from './pages/surveys/SurveyBuilderPage.js'
import { SurveysPage } from './pages/surveys/SurveysPage.js'
import { UnavailablePage } from './pages/unavailable/UnavailablePage.js'
import { useSession } from './session.js'

// The pages with charts load ECharts with them, on first visit, not with the dashboard.
const SegmentsPage = lazy(() =>
  import('./pages/segments/SegmentsPage.js').then((m) => ({ default: m.SegmentsPage })),
)
const ForecastsPage = lazy(() =>
  import('./pages/forecasts/ForecastsPage.js').then((m) => ({ default: m.ForecastsPage })),
)

const ProgramHealthPage = lazy(() =>
  import('./pages/loyalty/ProgramHealthPage.js').then((m) => ({ default: m.ProgramHealthPage })),
)

const ThemesPage = lazy(() =>
  import('./pages/feedback/ThemesPage.js').then((m) => ({ default: m.ThemesPage })),
)
const InsightsPage = lazy(() =>
  import('./pages/insights/InsightsPage.js').then((m) => ({ default: m.InsightsPage })),
)
const JourneyMapPage = lazy(() =>
  import('./pages/journeys/JourneyMapPage.js').then((m) => ({ default: m.JourneyMapPage })),
)
const JourneyPathsPage = lazy(() =>
  import('./pages/journeys/PathsPage.js').then((m) => ({ default: m.PathsPage })),
)
const TouchpointsPage = lazy(() =>
  import('./pages/insights/TouchpointsPage.js').then((m) => ({ default: m.TouchpointsPage })),
)
const DriversPage = lazy(() =>
  import('./pages/feedback/DriversPage.js').then((m) => ({ default: m.DriversPage })),
)

/** Routes by session: first-run setup, then login, then the workspace dashboard. */
export function App() {
  const { t } = useTranslation()
  const { state, retry } = useSession()
  const location = useLocation()

  if (state.status === 'loading') {
    return (
      <div className="page-center" data-testid="app-loading">
        {t('app.loading')}
      </div>
    )
  }
  if (state.status === 'error') {
    return (
      <div className="page-center">
        <ErrorNotice error={state.error} onRetry={retry} />
      </div>
    )
  }
  if (state.status === 'needs-setup') {
    return (
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="*" element={<Navigate to="/setup" replace />} />
      </Routes>
    )
  }
  if (state.status === 'anonymous') {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/invite/:token" element={<InvitePage />} />
        <Route
          path="*"
          element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />}
        />
      </Routes>
    )
  }
  return (
    <Routes>
      <Route path="/invite/:token" element={<InvitePage />} />
      <Route path="/w/:workspaceId" element={<Shell />}>
        <Route index element={<Navigate to="customers" replace />} />
        <Route path="customers" element={<CustomersPage />} />
        <Route path="customers/:customerId" element={<CustomerPage />} />
        <Route path="import" element={<ImportPage />} />
        <Route path="settings" element={<SettingsPage />} />
        <Route path="settings/:section" element={<SettingsPage />} />
        <Route path="surveys" element={<SurveysPage />} />
        <Route path="surveys/responses" element={<ResponsesPage />} />
        <Route path="surveys/distribution" element={<DistributionPage />} />
        <Route path="surveys/programs/:programId" element={<ProgramPage />} />
        <Route path="surveys/:surveyId" element={<SurveyBuilderPage />} />
        {/* Feedback is Understanding: key drivers first, then comment themes and each customer's diagnosis. */}
        <Route path="feedback" element={<DriversPage />} />
        <Route path="feedback/diagnosis" element={<DiagnosisPage />} />
        <Route path="feedback/themes" element={<ThemesPage />} />
        <Route path="forecasts" element={<ForecastsPage />} />
        <Route path="insights" element={<InsightsPage />} />
        <Route path="insights/touchpoints" element={<TouchpointsPage />} />
        <Route path="journeys" element={<JourneysPage />} />
        <Route path="journeys/:journeyId" element={<JourneyMapPage />} />
        <Route path="journeys/:journeyId/paths" element={<JourneyPathsPage />} />
        <Route path="journeys/:journeyId/edit" element={<JourneyEditorPage />} />
        <Route path="segments" element={<SegmentsPage />} />
        <Route path="segments/customers" element={<SegmentCustomersPage />} />
        <Route path="cases" element={<CasesPage />} />
        <Route path="cases/changes" element={<ChangesPage />} />
        <Route path="cases/outreach" element={<OutreachPage />} />
        <Route path="cases/webhooks" element={<WebhooksPage />} />
        <Route path="cases/:caseId" element={<CasePage />} />
        <Route path="loyalty" element={<ProgramHealthPage />} />
        <Route path="loyalty/members" element={<MembersPage />} />
        <Route path="loyalty/members/:customerId" element={<MemberLedgerPage />} />
        <Route path="loyalty/thanks" element={<ThanksPage />} />
        <Route path="loyalty/settings" element={<ProgramSettingsPage />} />
        <Route path=":capability" element={<UnavailablePage />} />
      </Route>
      <Route path="*" element={<HomeRedirect />} />
    </Routes>
  )
}
