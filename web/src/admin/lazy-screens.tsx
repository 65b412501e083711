import { Loader } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';

/**
 * Wraps a screen so that its code loads when it first opens. The
 * administration screens load this way because most users never open them,
 * and the audit log brings the date picker along.
 */
function lazyScreen(load: () => Promise<ComponentType>): ComponentType {
  const Screen = lazy(async () => ({ default: await load() }));

  return function LazyScreen() {
    return (
      <Suspense fallback={<Loader />}>
        <Screen />
      </Suspense>
    );
  };
}

export const UsersScreen = lazyScreen(async () => (await import('./users-screen.tsx')).UsersScreen);

export const GroupsScreen = lazyScreen(
  async () => (await import('./groups-screen.tsx')).GroupsScreen,
);

export const DepartmentsScreen = lazyScreen(
  async () => (await import('./departments-screen.tsx')).DepartmentsScreen,
);

export const ApiKeysScreen = lazyScreen(
  async () => (await import('./api-keys-screen.tsx')).ApiKeysScreen,
);

export const AuditLogScreen = lazyScreen(
  async () => (await import('./audit-log-screen.tsx')).AuditLogScreen,
);
