import { createServer } from 'node:net';
import { saveProviderChannel } from '../../channels/channel-settings.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';

/** A debtor with two open invoices, in an organisation with a payment channel. */
export interface PaymentLinkSetup {
  organisationId: string;
  entityId: string;
  debtorId: string;
  /** INV-1 (100.00 EUR, due first) and INV-2 (250.00 EUR). */
  invoiceIds: [string, string];
}

/**
 * Seeds an entity NL01, a debtor with invoices INV-1 and INV-2, and the
 * organisation's payment channel with the given provider and secret
 * (omitted: no payment channel). Run it on an organisation that exists.
 */
export async function seedPaymentLinkData(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    debtorLanguage?: string;
    channel?: { provider: string; secret: string };
    entityCode?: string;
  },
): Promise<PaymentLinkSetup> {
  const { organisationId } = params;
  return withOrganisation(database, organisationId, async (trx) => {
    const entity = await buildEntity(trx, organisationId, { code: params.entityCode ?? 'NL01' });
    const debtor = await buildDebtor(trx, entity, {
      number: 'D-100',
      name: 'Bakkerij Jansen',
      language: params.debtorLanguage ?? 'nl',
    });
    const first = await buildInvoice(trx, debtor, {
      number: 'INV-1',
      amountMinor: 10_000,
      dueDate: '2026-10-01',
    });
    const second = await buildInvoice(trx, debtor, {
      number: 'INV-2',
      amountMinor: 25_000,
      dueDate: '2026-11-01',
    });
    if (params.channel) {
      await saveProviderChannel(trx, {
        organisationId,
        actor: 'test',
        channel: 'payment',
        input: { provider: params.channel.provider, settings: {}, secret: params.channel.secret },
      });
    }

    return {
      organisationId,
      entityId: entity.id,
      debtorId: debtor.id,
      invoiceIds: [first.id, second.id],
    };
  });
}

/**
 * Returns a TCP port on 127.0.0.1 that was free a moment ago, so a test can
 * set PUBLIC_URL before its server listens there.
 */
export async function reserveLocalPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  return port;
}

/** Reads a test's view of the payments booked from provider payments of the organisation. */
export async function readProviderBookings(database: DatabaseHandle, organisationId: string) {
  return withOrganisation(database, organisationId, async (trx) => {
    const payments = await trx
      .selectFrom('payments')
      .select(['id', 'amount_minor', 'payment_date', 'external_key', 'match_method', 'debtor_id'])
      .where('source', '=', 'provider')
      .execute();
    const allocations = await trx
      .selectFrom('allocations')
      .select(['payment_id', 'invoice_id', 'amount_minor'])
      .execute();
    const links = await trx.selectFrom('payment_links').select(['id', 'status']).execute();
    const providerPayments = await trx
      .selectFrom('provider_payments')
      .select(['provider_payment_id', 'status', 'payment_id', 'amount_minor'])
      .execute();

    return { payments, allocations, links, providerPayments };
  });
}
