import { Route } from 'react-router-dom';
import { ChangePasswordScreen } from './change-password-screen.tsx';
import { TwoFactorScreen } from './two-factor-screen.tsx';

/** The signed-in user's own account pages, for a `<ScreenRoutes>` list; every user may open them. */
export const accountRoutes = (
  <>
    <Route path="/account/password" element={<ChangePasswordScreen />} />
    <Route path="/account/two-factor" element={<TwoFactorScreen />} />
  </>
);
