import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useEntities } from './api/use-entities.ts';
import { useSession } from './api/use-session.ts';
import { LoadError } from './components/load-error.tsx';
import { EntityProvider } from './entity/entity-context.tsx';
import { AppLayout } from './layout/app-layout.tsx';
import { BatchListScreen } from './screens/batch-list-screen.tsx';
import { BatchScreen } from './screens/batch-screen.tsx';
import { CallListScreen } from './screens/call-list-screen.tsx';
import { DebtorCardScreen } from './screens/debtor-card-screen.tsx';
import { DebtorListScreen } from './screens/debtor-list-screen.tsx';
import { LoginScreen } from './screens/login-screen.tsx';
import { NotFoundScreen } from './screens/not-found-screen.tsx';
import { WelcomeScreen } from './screens/welcome-screen.tsx';

/** Login when there is no session, the welcome page while there are no entities, else the app. */
export function AppRoutes() {
  const session = useSession();

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

  if (entities.isPending) {
    return <FullPageLoader />;
  }
  if (entities.isError) {
    return <LoadError error={entities.error} />;
  }
  if (entities.data.length === 0) {
    return (
      <AppLayout>
        <WelcomeScreen />
      </AppLayout>
    );
  }
  return (
    <EntityProvider entities={entities.data}>
      <AppLayout>
        <Routes>
          <Route path="/" element={<Navigate to="/debtors" replace />} />
          <Route path="/debtors" element={<DebtorListScreen />} />
          <Route path="/debtors/:debtorId" element={<DebtorCardScreen />} />
          <Route path="/batches" element={<BatchListScreen />} />
          <Route path="/batches/:batchId" element={<BatchScreen />} />
          <Route path="/call-list" element={<CallListScreen />} />
          <Route
            path="/reports/ageing"
            element={
              <Suspense fallback={<Loader />}>
                <AgeingReportScreen />
              </Suspense>
            }
          />
          <Route path="*" element={<NotFoundScreen />} />
        </Routes>
      </AppLayout>
    </EntityProvider>
  );
}

// The report's chart library is most of the bundle, so it loads when the report opens.
const AgeingReportScreen = lazy(async () => {
  const module = await import('./screens/ageing-report-screen.tsx');
  return { default: module.AgeingReportScreen };
});

function FullPageLoader() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}
