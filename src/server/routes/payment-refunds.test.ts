import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { loadInvoiceBalances } from '../../payments/invoice-balances.ts';
import { startFakeMollie, type FakeMollie } from '../../payment-providers/testing/fake-mollie.ts';
import { startFakeStripe, type FakeStripe } from '../../payment-providers/testing/fake-stripe.ts';
import {
  reserveLocalPort,
  seedPaymentLinkData,
  type PaymentLinkSetup,
} from '../../payment-links/testing/payment-link-fixture.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** Reads the open total of each invoice, by id. */
async function openByInvoice(database: DatabaseHandle, setup: PaymentLinkSetup) {
  const balances = await withOrganisation(database, setup.organisationId, (trx) =>
    loadInvoiceBalances(trx, {
      organisationId: setup.organisationId,
      invoiceIds: setup.invoiceIds,
    }),
  );
  return Object.fromEntries(balances.map((balance) => [balance.invoiceId, balance.totalOpenMinor]));
}

/** Reads the negative provider payments (refunds and chargebacks) of the organisation. */
async function readReversals(database: DatabaseHandle, organisationId: string) {
  return withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('payments')
      .select(['id', 'external_key', 'amount_minor', 'booking_kind', 'reverses_payment_id'])
      .where('source', '=', 'provider')
      .where('amount_minor', '<', 0)
      .orderBy('created_at')
      .execute(),
  );
}

async function linkStatus(database: DatabaseHandle, organisationId: string, linkId: string) {
  const row = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('payment_links')
      .select('status')
      .where('id', '=', linkId)
      .executeTakeFirstOrThrow(),
  );
  return row.status;
}

/** Starts a test server on a free port whose provider clients point at the fakes. */
async function startServer(
  database: DatabaseHandle,
  apiUrls: { mollie: string; stripe: string },
): Promise<{ server: TestServer; origin: string }> {
  const port = await reserveLocalPort();
  const origin = `http://127.0.0.1:${port}`;
  const server = await buildTestServer(database, {
    environment: { PUBLIC_URL: origin },
    paymentProviderApiUrls: apiUrls,
  });
  await server.app.listen({ host: '127.0.0.1', port });
  return { server, origin };
}

/** Makes a link for the debtor's open total and opens it, returning the link id. */
async function openLink(server: TestServer, session: LoggedIn, debtorId: string) {
  const created = await server.app.inject({
    method: 'POST',
    url: `/api/debtors/${debtorId}/payment-links`,
    headers: session.headers,
    payload: {},
  });
  expect(created.statusCode).toBe(201);
  const { id, url } = created.json() as { id: string; url: string };
  const opened = await fetch(url, { redirect: 'manual' });
  expect(opened.status).toBe(303);
  return id;
}

describe('refunds and chargebacks with Mollie', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let mollie: FakeMollie;
  let session: LoggedIn;
  let organisationId: string;
  let entityCount = 0;

  /** Seeds a debtor with INV-1 (100.00) and INV-2 (250.00) and pays both through one link. */
  async function payLink(): Promise<{
    setup: PaymentLinkSetup;
    linkId: string;
    paymentId: string;
  }> {
    entityCount += 1;
    const setup = await seedPaymentLinkData(testDatabase.database, {
      organisationId,
      entityCode: `NL${entityCount}`,
    });
    const linkId = await openLink(server, session, setup.debtorId);
    const payment = mollie.payments.at(-1);
    if (!payment) {
      throw new Error('No Mollie payment was created.');
    }
    mollie.markPaid(payment.id);
    return { setup, linkId, paymentId: payment.id };
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    mollie = await startFakeMollie();
    ({ server } = await startServer(testDatabase.database, {
      mollie: mollie.baseUrl,
      stripe: 'http://127.0.0.1:9/v1',
    }));
    const a = await buildOrganisationWithUser(testDatabase.database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    organisationId = a.organisationId;
    await seedPaymentLinkData(testDatabase.database, {
      organisationId,
      entityCode: 'NL0',
      channel: { provider: 'mollie', secret: mollie.apiKey },
    });
    session = await logInAs(server.app, 'carla');
  });

  afterAll(async () => {
    await server.app.close();
    await mollie.close();
    await testDatabase.drop();
  });

  it('books a partial refund once from parallel webhooks', async () => {
    const { setup, linkId, paymentId } = await payLink();
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 0,
      [setup.invoiceIds[1]]: 0,
    });
    expect(await linkStatus(testDatabase.database, organisationId, linkId)).toBe('paid');

    const refundId = mollie.refund(paymentId, { amountMinor: 5_000 });
    const statuses = await Promise.all([
      mollie.sendWebhook(paymentId),
      mollie.sendWebhook(paymentId),
      mollie.sendWebhook(paymentId),
    ]);
    expect(statuses).toEqual([200, 200, 200]);

    const reversals = (await readReversals(testDatabase.database, organisationId)).filter(
      (row) => row.external_key === refundId,
    );
    expect(reversals).toHaveLength(1);
    expect(reversals[0]?.amount_minor).toBe(-5_000);
    expect(reversals[0]?.booking_kind).toBe('return');
    expect(reversals[0]?.reverses_payment_id).not.toBeNull();
    // The invoice due last opens first.
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 0,
      [setup.invoiceIds[1]]: 5_000,
    });
    expect(await linkStatus(testDatabase.database, organisationId, linkId)).toBe('open');
  });

  it('takes back a second refund after the first', async () => {
    const { setup, paymentId } = await payLink();
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    mollie.refund(paymentId, { amountMinor: 20_000 });
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    mollie.refund(paymentId, { amountMinor: 10_000 });
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    expect(await mollie.sendWebhook(paymentId)).toBe(200);

    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 5_000,
      [setup.invoiceIds[1]]: 25_000,
    });
  });

  it('books payment and refund from one late webhook', async () => {
    const { setup, paymentId } = await payLink();
    const refundId = mollie.refund(paymentId);
    expect(await mollie.sendWebhook(paymentId)).toBe(200);

    const reversals = await readReversals(testDatabase.database, organisationId);
    expect(reversals.filter((row) => row.external_key === refundId)).toHaveLength(1);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 10_000,
      [setup.invoiceIds[1]]: 25_000,
    });
  });

  it('books a chargeback and skips a canceled refund', async () => {
    const { setup, paymentId } = await payLink();
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    const canceledId = mollie.refund(paymentId, { amountMinor: 1_000, status: 'canceled' });
    const chargebackId = mollie.chargeback(paymentId);
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    expect(await mollie.sendWebhook(paymentId)).toBe(200);

    const reversals = await readReversals(testDatabase.database, organisationId);
    expect(reversals.filter((row) => row.external_key === canceledId)).toHaveLength(0);
    const chargebacks = reversals.filter((row) => row.external_key === chargebackId);
    expect(chargebacks).toHaveLength(1);
    expect(chargebacks[0]?.booking_kind).toBe('reversal');
    expect(chargebacks[0]?.amount_minor).toBe(-35_000);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 10_000,
      [setup.invoiceIds[1]]: 25_000,
    });
  });
});

describe('refunds and disputes with Stripe', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let stripe: FakeStripe;
  let session: LoggedIn;
  let organisationId: string;
  let entityCount = 0;

  /** Seeds a debtor with INV-1 and INV-2, opens a link for both and pays its session. */
  async function payLink(): Promise<{
    setup: PaymentLinkSetup;
    linkId: string;
    sessionId: string;
    paidEventId: string;
  }> {
    entityCount += 1;
    const setup = await seedPaymentLinkData(testDatabase.database, {
      organisationId,
      entityCode: `NL${entityCount}`,
      debtorLanguage: 'en',
    });
    const linkId = await openLink(server, session, setup.debtorId);
    const sessionId = stripe.sessions.at(-1)?.id ?? '';
    const paid = stripe.markPaid(sessionId);
    return { setup, linkId, sessionId, paidEventId: paid.id };
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    stripe = await startFakeStripe();
    const started = await startServer(testDatabase.database, {
      mollie: 'http://127.0.0.1:9/v2',
      stripe: stripe.baseUrl,
    });
    server = started.server;
    const a = await buildOrganisationWithUser(testDatabase.database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    organisationId = a.organisationId;
    await seedPaymentLinkData(testDatabase.database, {
      organisationId,
      entityCode: 'NL0',
      channel: { provider: 'stripe', secret: `${stripe.secretKey}\n${stripe.webhookSecret}` },
    });
    stripe.webhookUrl = `${started.origin}/api/webhooks/payments/stripe/${organisationId}`;
    session = await logInAs(server.app, 'carla');
  });

  afterAll(async () => {
    await server.app.close();
    await stripe.close();
    await testDatabase.drop();
  });

  it('books a refund once from parallel events', async () => {
    const { setup, linkId, paidEventId, sessionId } = await payLink();
    expect(await stripe.sendWebhook(paidEventId)).toBe(200);
    const refunded = stripe.refund(sessionId, { amountMinor: 12_500 });
    const refundId = stripe.refunds.at(-1)?.id;

    const statuses = await Promise.all([
      stripe.sendWebhook(refunded.id),
      stripe.sendWebhook(refunded.id),
      stripe.sendWebhook(refunded.id),
    ]);
    expect(statuses).toEqual([200, 200, 200]);
    const reversals = (await readReversals(testDatabase.database, organisationId)).filter(
      (row) => row.external_key === refundId,
    );
    expect(reversals).toHaveLength(1);
    expect(reversals[0]?.amount_minor).toBe(-12_500);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 0,
      [setup.invoiceIds[1]]: 12_500,
    });
    expect(await linkStatus(testDatabase.database, organisationId, linkId)).toBe('open');
  });

  it('books payment and refund when the refund arrives first', async () => {
    const { setup, paidEventId, sessionId } = await payLink();
    const refunded = stripe.refund(sessionId);

    expect(await stripe.sendWebhook(refunded.id)).toBe(200);
    expect(await stripe.sendWebhook(paidEventId)).toBe(200);
    expect(await stripe.sendWebhook(refunded.id)).toBe(200);
    const reversals = (await readReversals(testDatabase.database, organisationId)).filter(
      (row) => row.external_key === stripe.refunds.at(-1)?.id,
    );
    expect(reversals).toHaveLength(1);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 10_000,
      [setup.invoiceIds[1]]: 25_000,
    });
  });

  it('skips a refund that did not succeed', async () => {
    const { setup, paidEventId, sessionId } = await payLink();
    expect(await stripe.sendWebhook(paidEventId)).toBe(200);
    const refunded = stripe.refund(sessionId, { status: 'pending' });
    expect(await stripe.sendWebhook(refunded.id)).toBe(200);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 0,
      [setup.invoiceIds[1]]: 0,
    });
  });

  it('books a dispute once it is lost', async () => {
    const { setup, paidEventId, sessionId } = await payLink();
    expect(await stripe.sendWebhook(paidEventId)).toBe(200);
    const created = stripe.dispute(sessionId);
    expect(await stripe.sendWebhook(created.id)).toBe(200);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 0,
      [setup.invoiceIds[1]]: 0,
    });

    const disputeId = stripe.disputes.at(-1)?.id ?? '';
    const closed = stripe.closeDispute(disputeId, 'lost');
    // The created event, read again now, finds the dispute lost too: still one booking.
    const statuses = await Promise.all([
      stripe.sendWebhook(closed.id),
      stripe.sendWebhook(created.id),
      stripe.sendWebhook(closed.id),
    ]);
    expect(statuses).toEqual([200, 200, 200]);
    const reversals = (await readReversals(testDatabase.database, organisationId)).filter(
      (row) => row.external_key === disputeId,
    );
    expect(reversals).toHaveLength(1);
    expect(reversals[0]?.booking_kind).toBe('reversal');
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 10_000,
      [setup.invoiceIds[1]]: 25_000,
    });
  });

  it('books nothing for a won dispute', async () => {
    const { setup, paidEventId, sessionId } = await payLink();
    expect(await stripe.sendWebhook(paidEventId)).toBe(200);
    stripe.dispute(sessionId);
    const closed = stripe.closeDispute(stripe.disputes.at(-1)?.id ?? '', 'won');
    expect(await stripe.sendWebhook(closed.id)).toBe(200);
    expect(await openByInvoice(testDatabase.database, setup)).toEqual({
      [setup.invoiceIds[0]]: 0,
      [setup.invoiceIds[1]]: 0,
    });
  });

  it('rejects a refund event with a bad signature', async () => {
    const { paidEventId, sessionId } = await payLink();
    expect(await stripe.sendWebhook(paidEventId)).toBe(200);
    const refunded = stripe.refund(sessionId);
    expect(await stripe.sendWebhook(refunded.id, { secret: 'whsec_someoneelse' })).toBe(400);
    const reversals = (await readReversals(testDatabase.database, organisationId)).filter(
      (row) => row.external_key === stripe.refunds.at(-1)?.id,
    );
    expect(reversals).toHaveLength(0);
  });
});
