import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { addUser } from '../../home/test-factories.ts';
import { startFakeMollie, type FakeMollie } from '../../payment-providers/testing/fake-mollie.ts';
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

describe('payment link routes with Mollie', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let mollie: FakeMollie;
  let origin: string;
  let setup: PaymentLinkSetup;
  let noProviderDebtorId: string;
  let otherOrganisationInvoiceId: string;
  let wrongKeyDebtorId: string;
  const sessions: Record<string, LoggedIn> = {};

  const makeLink = (username: string, debtorId: string, payload: object = {}) =>
    server.app.inject({
      method: 'POST',
      url: `/api/debtors/${debtorId}/payment-links`,
      headers: sessions[username]?.headers ?? {},
      payload,
    });
  const openLink = (url: string) => fetch(url, { redirect: 'manual' });
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    mollie = await startFakeMollie();
    const port = await reserveLocalPort();
    origin = `http://127.0.0.1:${port}`;
    server = await buildTestServer(database, {
      environment: { PUBLIC_URL: origin },
      paymentProviderApiUrls: { mollie: mollie.baseUrl, stripe: 'http://127.0.0.1:9/v1' },
    });
    await server.app.listen({ host: '127.0.0.1', port });

    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    setup = await seedPaymentLinkData(database, {
      organisationId: a.organisationId,
      channel: { provider: 'mollie', secret: mollie.apiKey },
    });
    const belgium = await withOrganisation(database, a.organisationId, (trx) =>
      buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' }),
    );
    await addUser(database, a.organisationId, { username: 'amir', group: 'auditor' });
    await addUser(database, a.organisationId, {
      username: 'bea',
      group: 'credit-manager',
      entityIds: [belgium.id],
    });

    const b = await buildOrganisationWithUser(database, {
      slug: 'b',
      username: 'bert',
      group: 'credit-manager',
    });
    const noProvider = await seedPaymentLinkData(database, { organisationId: b.organisationId });
    noProviderDebtorId = noProvider.debtorId;
    otherOrganisationInvoiceId = noProvider.invoiceIds[0];
    const c = await buildOrganisationWithUser(database, {
      slug: 'c',
      username: 'cees',
      group: 'credit-manager',
    });
    wrongKeyDebtorId = (
      await seedPaymentLinkData(database, {
        organisationId: c.organisationId,
        channel: { provider: 'mollie', secret: 'test_wrongkeywrongkeywrongkey1' },
      })
    ).debtorId;

    for (const username of ['carla', 'amir', 'bea', 'bert', 'cees']) {
      sessions[username] = await logInAs(server.app, username);
    }
  });

  afterAll(async () => {
    await server.app.close();
    await mollie.close();
    await testDatabase.drop();
  });

  it('requires a login', async () => {
    const response = await makeLink('nobody', setup.debtorId);
    expect(response.statusCode).toBe(401);
  });

  it('requires payments.manage', async () => {
    const response = await makeLink('amir', setup.debtorId);
    expect(response.statusCode).toBe(403);
  });

  it('hides debtors of other entities', async () => {
    const response = await makeLink('bea', setup.debtorId);
    expect(response.statusCode).toBe(404);
  });

  it('hides debtors of other organisations', async () => {
    const response = await makeLink('bert', setup.debtorId);
    expect(response.statusCode).toBe(404);
    const list = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${setup.debtorId}/payment-links`,
      headers: sessions.bert?.headers ?? {},
    });
    expect(list.statusCode).toBe(404);
  });

  it('rejects invoices of another debtor', async () => {
    const response = await makeLink('carla', setup.debtorId, {
      invoiceIds: [setup.invoiceIds[0], otherOrganisationInvoiceId],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      `Invoice ${otherOrganisationInvoiceId} is not an invoice of this debtor`,
    );
    const links = await readProviderBookings(testDatabase.database, setup.organisationId);
    expect(links.links).toHaveLength(0);
  });

  it('makes a link for the open total and stores only the token hash', async () => {
    const response = await makeLink('carla', setup.debtorId);
    expect(response.statusCode).toBe(201);
    const body = response.json() as { id: string; url: string; amount: string; currency: string };
    expect(body.url).toMatch(new RegExp(`^${origin}/pay/[A-Za-z0-9_-]{43}$`));
    expect(body.amount).toBe('350.00');
    expect(body.currency).toBe('EUR');

    const token = tokenOf(body.url);
    const stored = await withOrganisation(testDatabase.database, setup.organisationId, (trx) =>
      trx
        .selectFrom('payment_links')
        .select(['token_hash'])
        .where('id', '=', body.id)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    const list = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${setup.debtorId}/payment-links`,
      headers: sessions.carla?.headers ?? {},
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().providerConfigured).toBe(true);
    expect(list.json().links[0]).toMatchObject({
      id: body.id,
      status: 'open',
      amount: '350.00',
      invoiceNumbers: ['INV-1', 'INV-2'],
    });
  });

  it('answers 409 without a payment provider', async () => {
    const response = await makeLink('bert', noProviderDebtorId);
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('conflict');
  });

  it('pays a link through Mollie end to end', async () => {
    const created = await makeLink('carla', setup.debtorId, { invoiceIds: [setup.invoiceIds[0]] });
    expect(created.statusCode).toBe(201);
    const { id: linkId, url } = created.json() as { id: string; url: string };

    const first = await openLink(url);
    expect(first.status).toBe(303);
    const payment = mollie.payments.at(-1);
    expect(payment).toBeDefined();
    expect(first.headers.get('location')).toBe(
      `${mollie.baseUrl.replace('/v2', '')}/checkout/select-method/${payment?.id}`,
    );
    expect(payment?.amount).toEqual({ currency: 'EUR', value: '100.00' });
    expect(payment?.metadata).toMatchObject({ paymentLinkId: linkId });
    expect(payment?.webhookUrl).toBe(
      `${origin}/api/webhooks/payments/mollie/${setup.organisationId}`,
    );
    expect(payment?.redirectUrl).toBe(`${url}?returned=1`);
    expect(payment?.locale).toBe('nl_NL');

    const requestsBefore = mollie.createRequestCount;
    const again = await openLink(url);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(mollie.createRequestCount).toBe(requestsBefore);

    const paymentId = payment?.id ?? '';
    // 23:30 UTC on 4 December is 5 December in Amsterdam, the entity's time zone.
    mollie.markPaid(paymentId, { paidAt: new Date('2026-12-04T23:30:00Z') });
    expect(await mollie.sendWebhook(paymentId)).toBe(200);
    expect(await mollie.sendWebhook(paymentId)).toBe(200);

    const bookings = await readProviderBookings(testDatabase.database, setup.organisationId);
    const booked = bookings.payments.filter((row) => row.external_key === paymentId);
    expect(booked).toHaveLength(1);
    expect(booked[0]?.amount_minor).toBe(10_000);
    expect(booked[0]?.payment_date).toBe('2026-12-05');
    expect(booked[0]?.match_method).toBe('provider');
    expect(booked[0]?.debtor_id).toBe(setup.debtorId);
    const allocated = bookings.allocations.filter((row) => row.payment_id === booked[0]?.id);
    expect(allocated).toEqual([
      { payment_id: booked[0]?.id, invoice_id: setup.invoiceIds[0], amount_minor: 10_000 },
    ]);
    expect(bookings.links.find((link) => link.id === linkId)?.status).toBe('paid');
    expect(
      bookings.providerPayments.find((row) => row.provider_payment_id === paymentId),
    ).toMatchObject({ status: 'paid', payment_id: booked[0]?.id });

    const paidPage = await openLink(url);
    expect(paidPage.status).toBe(200);
    expect(await paidPage.text()).toContain('Al betaald, dank u wel');
  });

  it('books parallel Mollie webhooks once', async () => {
    const created = await makeLink('carla', setup.debtorId, { invoiceIds: [setup.invoiceIds[1]] });
    const { url } = created.json() as { url: string };
    expect((await openLink(url)).status).toBe(303);
    const paymentId = mollie.payments.at(-1)?.id ?? '';
    mollie.markPaid(paymentId);

    const statuses = await Promise.all([
      mollie.sendWebhook(paymentId),
      mollie.sendWebhook(paymentId),
      mollie.sendWebhook(paymentId),
    ]);
    expect(statuses).toEqual([200, 200, 200]);

    const bookings = await readProviderBookings(testDatabase.database, setup.organisationId);
    const booked = bookings.payments.filter((row) => row.external_key === paymentId);
    expect(booked).toHaveLength(1);
    const allocatedMinor = bookings.allocations
      .filter((row) => row.payment_id === booked[0]?.id)
      .reduce((sum, row) => sum + row.amount_minor, 0);
    expect(allocatedMinor).toBe(25_000);
  });

  it('shows the open-total link as paid once both invoices are paid', async () => {
    const list = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${setup.debtorId}/payment-links`,
      headers: sessions.carla?.headers ?? {},
    });
    const links = list.json().links as Array<{ amount: string; status: string }>;
    const openTotal = links.find((link) => link.amount === '350.00');
    // That link's invoices were paid through the other two links; it is marked
    // paid when it is next opened, because nothing is open any more.
    expect(openTotal?.status).toBe('open');
  });

  it('answers 200 to an unknown Mollie id without effect', async () => {
    const before = await readProviderBookings(testDatabase.database, setup.organisationId);
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/webhooks/payments/mollie/${setup.organisationId}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=tr_unknown12345',
    });
    expect(response.statusCode).toBe(200);
    const after = await readProviderBookings(testDatabase.database, setup.organisationId);
    expect(after).toEqual(before);

    const malformed = await server.app.inject({
      method: 'POST',
      url: `/api/webhooks/payments/mollie/${setup.organisationId}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=nonsense',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('shows a 404 page for an unknown token', async () => {
    const response = await openLink(`${origin}/pay/${'A'.repeat(43)}`);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).toContain('Betaallink niet gevonden');
    expect(text).toContain('Payment link not found');
    expect((await openLink(`${origin}/pay/short`)).status).toBe(404);
  });

  it('shows a provider error page and logs no key', async () => {
    const created = await makeLink('cees', wrongKeyDebtorId);
    expect(created.statusCode).toBe(201);
    const response = await openLink((created.json() as { url: string }).url);
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('Online betalen is niet beschikbaar');
    const logged = server.logLines.join('\n');
    expect(logged).toContain('Payment link could not reach the payment provider');
    expect(logged).not.toContain('test_wrongkeywrongkeywrongkey1');
    expect(logged).not.toContain(mollie.apiKey);
  });
});
