import { Route } from 'react-router-dom';
import { StatementImportScreen } from './statement-import-screen.tsx';
import { StatementsScreen } from './statements-screen.tsx';
import { UnmatchedQueueScreen } from './unmatched-queue-screen.tsx';

/** The payment screens, for a `<ScreenRoutes>` list (paths as in payments-tabs.tsx). */
export const paymentRoutes = (
  <>
    <Route path="/payments" element={<UnmatchedQueueScreen />} />
    <Route path="/payments/statements" element={<StatementsScreen />} />
    <Route path="/payments/import" element={<StatementImportScreen />} />
  </>
);
