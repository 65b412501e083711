import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { usePermission } from '../api/use-session.ts';

/** The paths of the payment screens, in tab order; importing needs payments.manage. */
export const paymentPaths = {
  queue: '/payments',
  statements: '/payments/statements',
  import: '/payments/import',
} as const;

type PaymentTab = keyof typeof paymentPaths;

/** Switches between the payment screens: the unmatched queue, the statements and the import. */
export function PaymentsTabs() {
  const { t } = useTranslation('payments');
  const location = useLocation();
  const navigate = useNavigate();
  const canManage = usePermission('payments.manage');
  const tabs: PaymentTab[] = canManage
    ? ['queue', 'statements', 'import']
    : ['queue', 'statements'];
  const active =
    tabs.find((tab) => tab !== 'queue' && location.pathname.startsWith(paymentPaths[tab])) ??
    'queue';

  return (
    <Tabs
      value={active}
      onChange={(value) => value && navigate(paymentPaths[value as PaymentTab])}
      mb="md"
    >
      <Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab} value={tab} data-testid={`payments-tab-${tab}`}>
            {t(`tabs.${tab}`)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
