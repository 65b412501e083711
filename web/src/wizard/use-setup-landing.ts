import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useProvisioning } from '../api/use-provisioning.ts';
import { usePermission } from '../api/use-session.ts';

/**
 * Sends an administrator of an organisation that is not live to /setup once
 * after login. Only a sign-in at the root path counts: a user who opened a
 * screen by its address, or whose session ran out on a screen, stays there.
 */
export function useSetupLanding(): void {
  const canManage = usePermission('settings.manage');
  const provisioning = useProvisioning(canManage);
  const navigate = useNavigate();
  const location = useLocation();
  const [signInPath] = useState(location.pathname);
  const handled = useRef(false);
  const live = provisioning.data?.live;

  useEffect(() => {
    if (handled.current || live === undefined) {
      return;
    }
    handled.current = true;
    if (!live && signInPath === '/') {
      void navigate('/setup', { replace: true });
    }
  }, [live, signInPath, navigate]);
}
