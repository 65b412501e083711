import { Route, Routes } from 'react-router-dom';
import { ForgotPasswordScreen } from './forgot-password-screen.tsx';
import { AcceptInvitationScreen, ResetPasswordScreen } from './set-password-screen.tsx';

/** Pages that work without a session: the links in invitation and password-reset e-mails. */
const publicPaths = ['/accept-invitation', '/reset-password', '/forgot-password'];

export function isPublicPath(pathname: string): boolean {
  return publicPaths.includes(pathname.replace(/\/$/, ''));
}

export function PublicRoutes() {
  return (
    <Routes>
      <Route path="/accept-invitation" element={<AcceptInvitationScreen />} />
      <Route path="/reset-password" element={<ResetPasswordScreen />} />
      <Route path="/forgot-password" element={<ForgotPasswordScreen />} />
    </Routes>
  );
}
