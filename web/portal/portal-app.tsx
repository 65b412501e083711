import { Alert, Container, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { PortalApiError, portalApi, setCsrfToken } from './api.ts';
import { ArrangementPanel } from './arrangement-panel.tsx';
import { chosenLanguage, switchPortalLanguage, usePortalTranslation } from './i18n.ts';
import { InvoiceTables } from './invoice-tables.tsx';
import { PayPanel } from './pay-panel.tsx';
import { PortalHeader } from './portal-header.tsx';
import type { PortalArrangement, PortalInvoices, PortalSessionInfo } from './types.ts';

// NOTE: reporting a complaint about an invoice and changing the debtor's
// address are part of the customer portal but not built yet.

type Loaded =
  | { state: 'loading' }
  | { state: 'no_session' }
  | { state: 'failed'; message: string }
  | {
      state: 'ready';
      session: PortalSessionInfo;
      invoices: PortalInvoices;
      arrangements: PortalArrangement[];
    };

/**
 * Fetches the session, the invoices and the arrangements. On the first load
 * the portal switches to the debtor's language, unless the debtor chose one
 * in this browser before.
 */
async function fetchPortal(options: { first: boolean }): Promise<Loaded> {
  try {
    const session = await portalApi<PortalSessionInfo>('/session');
    setCsrfToken(session.csrfToken);
    if (options.first && !chosenLanguage()) {
      await switchPortalLanguage(session.language, { remember: false });
    }
    const [invoices, { arrangements }] = await Promise.all([
      portalApi<PortalInvoices>('/invoices'),
      portalApi<{ arrangements: PortalArrangement[] }>('/arrangements'),
    ]);
    return { state: 'ready', session, invoices, arrangements };
  } catch (error) {
    if (error instanceof PortalApiError && error.status === 401) {
      return { state: 'no_session' };
    }
    return { state: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The open invoices chosen at first: every invoice that no arrangement claims yet. */
function defaultSelection(loaded: Loaded): string[] {
  if (loaded.state !== 'ready') {
    return [];
  }
  const claimed = claimedNumbers(loaded.arrangements);

  return loaded.invoices.openInvoices
    .filter((invoice) => invoice.kind === 'invoice' && !claimed.has(invoice.number))
    .map((invoice) => invoice.invoiceId);
}

/** The customer portal: one debtor's invoices, paying them and requesting an arrangement. */
export function PortalApp() {
  const { t } = usePortalTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [selected, setSelected] = useState<string[]>([]);

  const apply = useCallback((result: Loaded) => {
    setLoaded(result);
    setSelected(defaultSelection(result));
  }, []);

  useEffect(() => {
    let current = true;
    void fetchPortal({ first: true }).then((result) => {
      if (current) {
        apply(result);
      }
    });
    return () => {
      current = false;
    };
  }, [apply]);

  if (loaded.state === 'loading') {
    return (
      <Container size="lg" py="xl">
        <Loader />
      </Container>
    );
  }
  if (loaded.state !== 'ready') {
    return (
      <>
        <PortalHeader session={null} />
        <Container size="sm" py="xl">
          <Title order={2} mb="sm">
            {t(loaded.state === 'no_session' ? 'noSession.title' : 'failed.title')}
          </Title>
          <Text>{loaded.state === 'no_session' ? t('noSession.body') : t('failed.body')}</Text>
        </Container>
      </>
    );
  }

  const { session, invoices, arrangements } = loaded;
  const nothingOpen = invoices.openInvoices.length === 0;

  return (
    <>
      <PortalHeader session={session} />
      <Container size="lg" py="lg">
        <Stack gap="xl">
          <div>
            <Title order={2}>{t('welcome.title', { name: session.debtor.name })}</Title>
            <Text c="dimmed">
              {t('welcome.body', { entity: session.entity.name, number: session.debtor.number })}
            </Text>
          </div>
          {nothingOpen && (
            <Alert color="teal" title={t('nothingOpen.title')}>
              {t('nothingOpen.body')}
            </Alert>
          )}
          <InvoiceTables
            invoices={invoices}
            selected={selected}
            onSelect={setSelected}
            claimedNumbers={claimedNumbers(arrangements)}
          />
          {/* A new choice of invoices clears bank transfer details shown for the previous one. */}
          {!nothingOpen && <PayPanel key={selected.join(',')} invoiceIds={selected} />}
          <ArrangementPanel
            invoiceIds={selected}
            arrangements={arrangements}
            canRequest={!nothingOpen}
            onRequested={() => fetchPortal({ first: false }).then(apply)}
          />
        </Stack>
      </Container>
    </>
  );
}

/** Numbers of the invoices in a requested or active arrangement, which another request may not include. */
function claimedNumbers(arrangements: PortalArrangement[]): Set<string> {
  return new Set(arrangements.flatMap((arrangement) => arrangement.invoiceNumbers));
}
