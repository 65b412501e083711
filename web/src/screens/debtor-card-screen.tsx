import { Anchor, Center, Loader, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useDebtorCard } from '../api/use-debtors.ts';
import { useAccess } from '../api/use-session.ts';
import { BouncedAddressesPanel } from '../components/bounced-addresses-panel.tsx';
import { DebtorDetailsPanel } from '../components/debtor-details-panel.tsx';
import { DebtorDunningPanel } from '../components/debtor-dunning-panel.tsx';
import { DebtorTimeline } from '../components/debtor-timeline.tsx';
import { DebtorInvoices } from '../components/invoice-copies.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PaymentTable } from '../components/payment-table.tsx';
import { DebtorIssuesPanel } from '../issues/debtor-issues-panel.tsx';
import { PaymentLinksPanel } from '../payment-links/payment-links-panel.tsx';
import { ChargesPanel } from '../charges/charges-panel.tsx';
import { ArrangementsPanel } from '../arrangements/arrangements-panel.tsx';
import { DebtorSegmentPanel } from '../segments/debtor-segment-panel.tsx';
import { DebtorBankAccountsPanel } from '../debtor-bank-accounts/debtor-bank-accounts-panel.tsx';

export function DebtorCardScreen() {
  const { t } = useTranslation();
  const { debtorId = '' } = useParams();
  const card = useDebtorCard(debtorId);
  const access = useAccess();

  if (card.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (card.isError) {
    return <LoadError error={card.error} />;
  }

  const { debtor, invoices, payments, timeline } = card.data;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/debtors" size="sm">
        {t('debtorCard.back')}
      </Anchor>
      <PageTitle
        title={debtor.name}
        subtitle={t('debtorCard.subtitle', {
          number: debtor.number,
          entityCode: debtor.entityCode,
        })}
      />
      <DebtorDetailsPanel debtor={debtor} />
      <BouncedAddressesPanel debtorId={debtor.id} />
      <DebtorDunningPanel debtor={debtor} asOf={card.data.asOf} />
      <DebtorSegmentPanel debtorId={debtor.id} />

      {/* The debtor's issues and the "Register issue" button belong to the issue screens. */}
      {access.can('issues.read') && <DebtorIssuesPanel debtorId={debtor.id} />}

      <Title order={3}>{t('debtorCard.invoices')}</Title>
      <DebtorInvoices debtorId={debtor.id} invoices={invoices} />

      <Title order={3}>{t('debtorCard.payments')}</Title>
      <PaymentTable payments={payments} />
      <DebtorBankAccountsPanel debtorId={debtor.id} />
      <ChargesPanel debtorId={debtor.id} />
      <PaymentLinksPanel debtorId={debtor.id} invoices={invoices} />
      <ArrangementsPanel debtorId={debtor.id} invoices={invoices} today={card.data.asOf} />

      <Title order={3}>{t('debtorCard.timeline')}</Title>
      <DebtorTimeline items={timeline} />
    </Stack>
  );
}
