import { Alert, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useProvisioning } from '../api/use-provisioning.ts';
import { usePermission } from '../api/use-session.ts';

/**
 * Tells every user who may read the settings that the organisation is not
 * live yet, so that no user mistakes a dry run for a real one. Users without
 * settings.read cannot ask the server and see no banner.
 */
export function NotLiveBanner() {
  const { t } = useTranslation('wizard');
  const canRead = usePermission('settings.read');
  const canManage = usePermission('settings.manage');
  const provisioning = useProvisioning(canRead);
  const location = useLocation();

  if (!provisioning.data || provisioning.data.live) {
    return null;
  }
  return (
    <Alert
      color="yellow"
      variant="light"
      mb="md"
      title={t('banner.title')}
      data-testid="not-live-banner"
    >
      {t('banner.text')}{' '}
      {canManage && location.pathname !== '/setup' && (
        <Anchor component={Link} to="/setup" size="sm" fw={600}>
          {t('banner.toSetup')}
        </Anchor>
      )}
    </Alert>
  );
}
