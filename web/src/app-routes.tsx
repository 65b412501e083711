import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Route, useLocation } from 'react-router-dom';
import { accountRoutes } from './account/account-routes.tsx';
import { isPublicPath, PublicRoutes } from './account/public-routes.tsx';
import { ScreenRoutes, StartScreenRedirect } from './account/screen-routes.tsx';
import { adminRoutes } from './admin/admin-routes.tsx';
import { useEntities } from './api/use-entities.ts';
import { useSession } from './api/use-session.ts';
import { LoadError } from './components/load-error.tsx';
import { EntityProvider } from './entity/entity-context.tsx';
import { HomeScreen } from './home/home-screen.tsx';
import { IssueDetailScreen } from './issues/issue-detail-screen.tsx';
import { IssueListScreen } from './issues/issue-list-screen.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { paymentRoutes } from './payments/payment-routes.tsx';
import { BatchListScreen } from './screens/batch-list-screen.tsx';
import { BatchScreen } from './screens/batch-screen.tsx';
import { CallListScreen } from './screens/call-list-screen.tsx';
import { DebtorCardScreen } from './screens/debtor-card-screen.tsx';
import { DebtorListScreen } from './screens/debtor-list-screen.tsx';
import { EntitySettingsScreen } from './screens/entity-settings-screen.tsx';
import { LoginScreen } from './screens/login-screen.tsx';
import { NotFoundScreen } from './screens/not-found-screen.tsx';
import { WelcomeScreen } from './screens/welcome-screen.tsx';
import { BusinessProcessesScreen } from './settings/business-processes-screen.tsx';
import { InterestRatesScreen } from './settings/interest-rates/interest-rates-screen.tsx';
import { CalculatorScreen } from './calculator/calculator-screen.tsx';
import { ProfilesScreen } from './profiles/profiles-screen.tsx';
import { TemplatePreviewScreen } from './templates/template-preview-screen.tsx';
import { useSetupLanding } from './wizard/use-setup-landing.ts';
import { WizardScreen } from './wizard/wizard-screen.tsx';

/**
 * The public pages of e-mailed links first, then login when there is no
 * session, the welcome page while there are no entities, else the app.
 */
export function AppRoutes() {
  const session = useSession();
  const location = useLocation();

  if (isPublicPath(location.pathname)) {
    return <PublicRoutes />;
  }
  if (session.isPending) {
    return <FullPageLoader />;
  }
  if (session.isError) {
    return <LoadError error={session.error} />;
  }
  if (!session.data) {
    return <LoginScreen />;
  }
  return <SignedIn />;
}

function SignedIn() {
  const entities = useEntities();
  useSetupLanding();

  if (entities.isPending) {
    return <FullPageLoader />;
  }
  if (entities.isError) {
    return <LoadError error={entities.error} />;
  }
  if (entities.data.length === 0) {
    return (
      <AppLayout>
        <ScreenRoutes>
          <Route path="/setup" element={<WizardScreen />} />
          {accountRoutes}
          {adminRoutes}
          <Route path="*" element={<WelcomeScreen />} />
        </ScreenRoutes>
      </AppLayout>
    );
  }
  return (
    <EntityProvider entities={entities.data}>
      <AppLayout>
        <ScreenRoutes>
          <Route path="/" element={<StartScreenRedirect />} />
          <Route path="/home" element={<HomeScreen />} />
          <Route path="/debtors" element={<DebtorListScreen />} />
          <Route path="/debtors/:debtorId" element={<DebtorCardScreen />} />
          <Route path="/batches" element={<BatchListScreen />} />
          <Route path="/batches/:batchId" element={<BatchScreen />} />
          <Route path="/call-list" element={<CallListScreen />} />
          <Route path="/issues" element={<IssueListScreen />} />
          <Route path="/issues/:issueId" element={<IssueDetailScreen />} />
          {paymentRoutes}
          <Route
            path="/reports/ageing"
            element={
              <Suspense fallback={<Loader />}>
                <AgeingReportScreen />
              </Suspense>
            }
          />
          <Route
            path="/forecast"
            element={
              <Suspense fallback={<Loader />}>
                <ForecastScreen />
              </Suspense>
            }
          />
          <Route
            path="/reports/issues"
            element={
              <Suspense fallback={<Loader />}>
                <IssueReportScreen />
              </Suspense>
            }
          />
          {accountRoutes}
          {adminRoutes}
          <Route path="/entities" element={<EntitySettingsScreen />} />
          <Route path="/settings/processes" element={<BusinessProcessesScreen />} />
          <Route path="/settings/interest-rates" element={<InterestRatesScreen />} />
          <Route path="/calculator" element={<CalculatorScreen />} />
          <Route path="/settings/profiles" element={<ProfilesScreen />} />
          <Route path="/settings/templates" element={<TemplatePreviewScreen />} />
          <Route path="/setup" element={<WizardScreen />} />
          <Route path="*" element={<NotFoundScreen />} />
        </ScreenRoutes>
      </AppLayout>
    </EntityProvider>
  );
}

// The report's chart library is most of the bundle, so it loads when the report opens.
const AgeingReportScreen = lazy(async () => {
  const module = await import('./screens/ageing-report-screen.tsx');
  return { default: module.AgeingReportScreen };
});

const ForecastScreen = lazy(async () => {
  const module = await import('./forecast/forecast-screen.tsx');
  return { default: module.ForecastScreen };
});

const IssueReportScreen = lazy(async () => {
  const module = await import('./reports/issue-report-screen.tsx');
  return { default: module.IssueReportScreen };
});

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}
