import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { recordProviderPayment } from '../../payment-links/record-provider-payment.ts';
import { startFakeStripe, type FakeStripe } from '../../payment-providers/testing/fake-stripe.ts';
import {
  readProviderBookings,
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

describe('payment webhook routes with Stripe', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let stripe: FakeStripe;
  let origin: string;
  let setup: PaymentLinkSetup;
  let otherOrganisationId: string;
  let session: LoggedIn;

  /** Makes a link for the given invoices and opens it, returning the new Checkout Session's id. */
  async function openNewLink(invoiceIds: string[]): Promise<{ linkId: string; sessionId: string }> {
    const created = await server.app.inject({
      method: 'POST',
      url: `/api/debtors/${setup.debtorId}/payment-links`,
      headers: session.headers,
      payload: { invoiceIds },
    });
    expect(created.statusCode).toBe(201);
    const { id, url } = created.json() as { id: string; url: string };
    const opened = await fetch(url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const sessionId = stripe.sessions.at(-1)?.id ?? '';
    expect(opened.headers.get('location')).toContain(sessionId);

    return { linkId: id, sessionId };
  }

  const bookedFor = async (sessionId: string) =>
    (await readProviderBookings(testDatabase.database, setup.organisationId)).payments.filter(
      (row) => row.external_key === sessionId,
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    stripe = await startFakeStripe();
    const port = await reserveLocalPort();
    origin = `http://127.0.0.1:${port}`;
    server = await buildTestServer(database, {
      environment: { PUBLIC_URL: origin },
      paymentProviderApiUrls: { mollie: 'http://127.0.0.1:9/v2', stripe: stripe.baseUrl },
    });
    await server.app.listen({ host: '127.0.0.1', port });

    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    setup = await seedPaymentLinkData(database, {
      organisationId: a.organisationId,
      debtorLanguage: 'en',
      channel: { provider: 'stripe', secret: `${stripe.secretKey}\n${stripe.webhookSecret}` },
    });
    stripe.webhookUrl = `${origin}/api/webhooks/payments/stripe/${a.organisationId}`;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    otherOrganisationId = b.organisationId;
    session = await logInAs(server.app, 'carla');
  });

  afterAll(async () => {
    await server.app.close();
    await stripe.close();
    await testDatabase.drop();
  });

  it('creates a Checkout Session for the open amount', async () => {
    const { linkId, sessionId } = await openNewLink([setup.invoiceIds[0]]);
    const created = stripe.sessions.find((candidate) => candidate.id === sessionId);
    expect(created?.amountTotal).toBe(10_000);
    expect(created?.currency).toBe('eur');
    expect(created?.clientReferenceId).toBe(linkId);
    expect(created?.metadata).toMatchObject({ paymentLinkId: linkId });
    expect(created?.paymentIntentMetadata).toMatchObject({ paymentLinkId: linkId });
    expect(created?.successUrl).toMatch(
      new RegExp(`^${origin}/pay/[A-Za-z0-9_-]{43}\\?returned=1$`),
    );
    expect(created?.locale).toBe('en');
  });

  it('rejects bad signatures without effect', async () => {
    const { sessionId } = await openNewLink([setup.invoiceIds[0]]);
    const event = stripe.markPaid(sessionId);

    expect(await stripe.sendWebhook(event.id, { secret: 'whsec_someoneelse' })).toBe(400);
    const stale = Math.floor(Date.now() / 1000) - 3600;
    expect(await stripe.sendWebhook(event.id, { timestamp: stale })).toBe(400);
    const unsigned = await fetch(stripe.webhookUrl ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event.body),
    });
    expect(unsigned.status).toBe(400);
    expect(await bookedFor(sessionId)).toHaveLength(0);

    // An organisation without a Stripe channel verifies nothing and gets 403.
    const elsewhere = await stripe.sendWebhook(event.id, {
      url: `${origin}/api/webhooks/payments/stripe/${otherOrganisationId}`,
    });
    expect(elsewhere).toBe(403);
    expect(await bookedFor(sessionId)).toHaveLength(0);

    expect(await stripe.sendWebhook(event.id)).toBe(200);
    expect(await bookedFor(sessionId)).toHaveLength(1);
  });

  it('books a paid session once, however often the event arrives', async () => {
    const { linkId, sessionId } = await openNewLink([setup.invoiceIds[1]]);
    const event = stripe.markPaid(sessionId);

    expect(await stripe.sendWebhook(event.id)).toBe(200);
    expect(await stripe.sendWebhook(event.id)).toBe(200);
    const booked = await bookedFor(sessionId);
    expect(booked).toHaveLength(1);
    expect(booked[0]?.amount_minor).toBe(25_000);

    const bookings = await readProviderBookings(testDatabase.database, setup.organisationId);
    expect(bookings.links.find((link) => link.id === linkId)?.status).toBe('paid');
    const allocatedMinor = bookings.allocations
      .filter((row) => row.payment_id === booked[0]?.id)
      .reduce((sum, row) => sum + row.amount_minor, 0);
    expect(allocatedMinor).toBe(25_000);
  });

  it('books parallel deliveries once', async () => {
    // Both invoices are paid by now, so open a new debt to pay.
    const extra = await seedPaymentLinkData(testDatabase.database, {
      organisationId: setup.organisationId,
      entityCode: 'NL02',
      debtorLanguage: 'en',
    });
    const previousSetup = setup;
    setup = extra;
    try {
      const { sessionId } = await openNewLink([extra.invoiceIds[0], extra.invoiceIds[1]]);
      const event = stripe.markPaid(sessionId);
      const statuses = await Promise.all([
        stripe.sendWebhook(event.id),
        stripe.sendWebhook(event.id),
        stripe.sendWebhook(event.id),
      ]);
      expect(statuses).toEqual([200, 200, 200]);
      expect(await bookedFor(sessionId)).toHaveLength(1);
    } finally {
      setup = previousSetup;
    }
  });

  it('keeps paid when an older event arrives later', async () => {
    const extra = await seedPaymentLinkData(testDatabase.database, {
      organisationId: setup.organisationId,
      entityCode: 'NL03',
      debtorLanguage: 'en',
    });
    const previousSetup = setup;
    setup = extra;
    try {
      const { linkId, sessionId } = await openNewLink([extra.invoiceIds[0]]);
      const completed = stripe.markPaid(sessionId, { async: true });
      const succeeded = stripe.settleAsyncPayment(sessionId, true);

      expect(await stripe.sendWebhook(succeeded.id)).toBe(200);
      expect(await stripe.sendWebhook(completed.id)).toBe(200);
      expect(await bookedFor(sessionId)).toHaveLength(1);

      const outcome = await withOrganisation(testDatabase.database, extra.organisationId, (trx) =>
        recordProviderPayment(trx, {
          organisationId: extra.organisationId,
          provider: 'stripe',
          providerPaymentId: sessionId,
          state: { status: 'expired', amount: { minor: 10_000, currency: 'EUR' }, paidAt: null },
        }),
      );
      expect(outcome).toBe('already_booked');
      const bookings = await readProviderBookings(testDatabase.database, extra.organisationId);
      expect(
        bookings.providerPayments.find((row) => row.provider_payment_id === sessionId)?.status,
      ).toBe('paid');
      expect(bookings.links.find((link) => link.id === linkId)?.status).toBe('paid');
      expect(await bookedFor(sessionId)).toHaveLength(1);
    } finally {
      setup = previousSetup;
    }
  });

  it('records an expired session without booking', async () => {
    const extra = await seedPaymentLinkData(testDatabase.database, {
      organisationId: setup.organisationId,
      entityCode: 'NL04',
      debtorLanguage: 'en',
    });
    const previousSetup = setup;
    setup = extra;
    try {
      const { sessionId } = await openNewLink([extra.invoiceIds[0]]);
      const expired = stripe.expire(sessionId);
      expect(await stripe.sendWebhook(expired.id)).toBe(200);
      const bookings = await readProviderBookings(testDatabase.database, extra.organisationId);
      expect(
        bookings.providerPayments.find((row) => row.provider_payment_id === sessionId)?.status,
      ).toBe('expired');
      expect(await bookedFor(sessionId)).toHaveLength(0);
    } finally {
      setup = previousSetup;
    }
  });
});
