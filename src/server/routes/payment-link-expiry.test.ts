import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, dateInTimeZone } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { startFakeMollie, type FakeMollie } from '../../payment-providers/testing/fake-mollie.ts';
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

describe('payment link expiry', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let mollie: FakeMollie;
  let session: LoggedIn;
  let dutch: PaymentLinkSetup;
  let english: PaymentLinkSetup;

  const today = () => dateInTimeZone(new Date(), 'Europe/Amsterdam');

  async function makeLink(setup: PaymentLinkSetup, invoiceIds?: string[]) {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/debtors/${setup.debtorId}/payment-links`,
      headers: session.headers,
      payload: invoiceIds ? { invoiceIds } : {},
    });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; url: string; expiresOn: string | null };
  }

  async function endLinkYesterday(setup: PaymentLinkSetup, linkId: string) {
    await withOrganisation(testDatabase.database, setup.organisationId, (trx) =>
      trx
        .updateTable('payment_links')
        .set({ expires_on: addDays(today(), -1) })
        .where('id', '=', linkId)
        .execute(),
    );
  }

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    mollie = await startFakeMollie();
    const port = await reserveLocalPort();
    server = await buildTestServer(database, {
      environment: { PUBLIC_URL: `http://127.0.0.1:${port}` },
      paymentProviderApiUrls: { mollie: mollie.baseUrl, stripe: 'http://127.0.0.1:9/v1' },
    });
    await server.app.listen({ host: '127.0.0.1', port });

    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
    });
    dutch = await seedPaymentLinkData(database, {
      organisationId: a.organisationId,
      channel: { provider: 'mollie', secret: mollie.apiKey },
    });
    english = await seedPaymentLinkData(database, {
      organisationId: a.organisationId,
      entityCode: 'NL02',
      debtorLanguage: 'en',
    });
    await withOrganisation(database, a.organisationId, async (trx) => {
      await trx
        .updateTable('entities')
        .set({ iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' })
        .where('id', 'in', [dutch.entityId, english.entityId])
        .execute();
      for (const [index, invoiceId] of [...dutch.invoiceIds, ...english.invoiceIds].entries()) {
        await trx
          .updateTable('invoices')
          .set({ payment_reference: `RF18539007547034${index}` })
          .where('id', '=', invoiceId)
          .execute();
      }
    });
    session = await logInAs(server.app, 'carla');
  });

  afterAll(async () => {
    await server.app.close();
    await mollie.close();
    await testDatabase.drop();
  });

  it('gives card links 30 days by default', async () => {
    const link = await makeLink(dutch, [dutch.invoiceIds[0]]);
    expect(link.expiresOn).toBe(addDays(today(), 30));

    const listed = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${dutch.debtorId}/payment-links`,
      headers: session.headers,
    });
    const links = (listed.json() as { links: Array<{ id: string; expiresOn: string | null }> })
      .links;
    expect(links.find((candidate) => candidate.id === link.id)?.expiresOn).toBe(
      addDays(today(), 30),
    );
  });

  it("follows the entity's expiry setting", async () => {
    const changed = await server.app.inject({
      method: 'PATCH',
      url: `/api/entities/${english.entityId}`,
      headers: session.headers,
      payload: { paymentLinkExpiryDays: 7 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      paymentLinkExpiryDays: 7,
      messagePaymentLinkExpiryDays: null,
    });

    const link = await makeLink(english);
    expect(link.expiresOn).toBe(addDays(today(), 7));
  });

  it('still works on its last day', async () => {
    const link = await makeLink(dutch, [dutch.invoiceIds[0]]);
    await withOrganisation(testDatabase.database, dutch.organisationId, (trx) =>
      trx
        .updateTable('payment_links')
        .set({ expires_on: today() })
        .where('id', '=', link.id)
        .execute(),
    );
    const opened = await fetch(link.url, { redirect: 'manual' });
    expect(opened.status).toBe(303);
  });

  it('shows bank details in Dutch once expired', async () => {
    const link = await makeLink(dutch, [dutch.invoiceIds[1]]);
    await endLinkYesterday(dutch, link.id);
    const createdBefore = mollie.createRequestCount;

    const opened = await fetch(link.url, { redirect: 'manual' });
    const html = await opened.text();
    expect(opened.status).toBe(410);
    expect(html).toContain('Deze betaallink is verlopen');
    expect(html).toContain('NL91 ABNA 0417 1643 00');
    expect(html).toContain('RF185390075470341');
    expect(html).toContain('EUR 250,00');
    expect(mollie.createRequestCount).toBe(createdBefore);

    const status = await withOrganisation(testDatabase.database, dutch.organisationId, (trx) =>
      trx
        .selectFrom('payment_links')
        .select('status')
        .where('id', '=', link.id)
        .executeTakeFirstOrThrow(),
    );
    expect(status.status).toBe('expired');
  });

  it('lists each invoice reference in English', async () => {
    const link = await makeLink(english);
    await endLinkYesterday(english, link.id);
    const createdBefore = mollie.createRequestCount;

    const opened = await fetch(link.url, { redirect: 'manual' });
    const html = await opened.text();
    expect(opened.status).toBe(410);
    expect(html).toContain('This payment link has expired');
    expect(html).toContain('EUR 350.00');
    expect(html).toContain('RF185390075470342');
    expect(html).toContain('RF185390075470343');
    expect(mollie.createRequestCount).toBe(createdBefore);
  });

  it('rejects an expiry outside 1 to 365 days', async () => {
    const response = await server.app.inject({
      method: 'PATCH',
      url: `/api/entities/${english.entityId}`,
      headers: session.headers,
      payload: { paymentLinkExpiryDays: 0, messagePaymentLinkExpiryDays: 400 },
    });
    expect(response.statusCode).toBe(400);
    const text = JSON.stringify(response.json());
    expect(text).toContain('paymentLinkExpiryDays');
    expect(text).toContain('messagePaymentLinkExpiryDays');
  });
});
