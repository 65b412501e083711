import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { ApiError } from './api/client.ts';
import { sessionKey } from './api/use-session.ts';
import { AppRoutes } from './app-routes.tsx';

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'sm' });

// An expired session shows the login form again instead of an error on every screen.
// A wrong password on the login form also returns 401, so login requests are left out.
function endExpiredSession(error: Error, isLogin = false) {
  if (error instanceof ApiError && error.status === 401 && !isLogin) {
    queryClient.setQueryData(sessionKey, null);
  }
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error) => endExpiredSession(error) }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) =>
      endExpiredSession(error, mutation.options.meta?.isLogin === true),
  }),
  defaultOptions: {
    queries: {
      retry: (failures, error) => !(error instanceof ApiError) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

export function App() {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
