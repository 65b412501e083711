import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { addDays, dateInTimeZone } from '../../dates/plain-date.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildPayment,
} from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  nextClientAddress,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const PUBLIC_URL = 'https://collecta.example.com';

interface PortalVisit {
  cookie: string;
  csrfToken: string;
}

describe('portal routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let carla: LoggedIn;
  let bert: LoggedIn;
  const debtors: Record<'a' | 'neighbour' | 'foreign', string> = {
    a: '',
    neighbour: '',
    foreign: '',
  };
  const invoices: Record<'a1' | 'a2' | 'neighbour' | 'foreign', string> = {
    a1: '',
    a2: '',
    neighbour: '',
    foreign: '',
  };

  const portalLink = async (staff: LoggedIn, debtorId: string): Promise<string> => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${debtorId}/portal-link`,
      headers: staff.headers,
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { url: string }).url;
  };
  const open = (url: string) =>
    server.app.inject({
      method: 'GET',
      url: new URL(url, PUBLIC_URL).pathname,
      remoteAddress: '192.0.2.10',
    });
  const visit = async (staff: LoggedIn, debtorId: string): Promise<PortalVisit> => {
    const response = await open(await portalLink(staff, debtorId));
    expect(response.statusCode).toBe(303);
    const cookie = response.cookies.find((candidate) => candidate.name === 'collecta_portal');
    const header = `collecta_portal=${cookie?.value ?? ''}`;
    const session = await server.app.inject({
      method: 'GET',
      url: '/api/portal/session',
      headers: { cookie: header },
    });
    expect(session.statusCode).toBe(200);
    return { cookie: header, csrfToken: (session.json() as { csrfToken: string }).csrfToken };
  };
  const portalGet = (portal: PortalVisit | null, url: string) =>
    server.app.inject({ method: 'GET', url, headers: portal ? { cookie: portal.cookie } : {} });
  const portalPost = (portal: PortalVisit | null, url: string, payload: object) =>
    server.app.inject({
      method: 'POST',
      url,
      payload,
      headers: portal ? { cookie: portal.cookie, 'x-csrf-token': portal.csrfToken } : {},
    });
  const arrangementBody = (invoiceIds: string[]) => ({
    invoiceIds,
    instalmentCount: 3,
    frequency: 'monthly',
    firstDueDate: addDays(dateInTimeZone(new Date(), 'Europe/Amsterdam'), 7),
  });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database, { environment: { PUBLIC_URL } });
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    organisationId = a.organisationId;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });

    await withOrganisation(database, organisationId, async (trx) => {
      const entity: Entity = await buildEntity(trx, organisationId, { code: 'NL01' });
      await trx
        .updateTable('entities')
        .set({ iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' })
        .where('id', '=', entity.id)
        .execute();
      const debtor = await buildDebtor(trx, entity, { number: 'D-1', language: 'nl' });
      debtors.a = debtor.id;
      const first = await buildInvoice(trx, debtor, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2024-03-01',
      });
      invoices.a1 = first.id;
      const second = await buildInvoice(trx, debtor, {
        number: 'INV-2',
        amountMinor: 20_000,
        dueDate: '2024-04-01',
      });
      invoices.a2 = second.id;
      const paid = await buildInvoice(trx, debtor, {
        number: 'INV-0',
        amountMinor: 5_000,
        dueDate: '2024-02-01',
      });
      const today = dateInTimeZone(new Date(), 'Europe/Amsterdam');
      await buildPayment(trx, paid, { amountMinor: 5_000, paymentDate: addDays(today, -10) });
      for (const [kind, amountMinor] of [
        ['collection_costs', 18_150],
        ['interest', 822],
      ] as const) {
        await trx
          .insertInto('charges')
          .values({
            organisation_id: organisationId,
            entity_id: entity.id,
            debtor_id: debtor.id,
            invoice_id: first.id,
            kind,
            charged_on: '2024-03-31',
            currency: 'EUR',
            amount_minor: amountMinor,
            vat_minor: 0,
            calculation: JSON.stringify({ test: true }),
          })
          .execute();
      }
      const neighbour = await buildDebtor(trx, entity, { number: 'D-2' });
      debtors.neighbour = neighbour.id;
      invoices.neighbour = (
        await buildInvoice(trx, neighbour, {
          number: 'N-1',
          amountMinor: 9_900,
          dueDate: '2024-03-01',
        })
      ).id;
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const entity = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const foreign = await buildDebtor(trx, entity, { number: 'F-1' });
      debtors.foreign = foreign.id;
      invoices.foreign = (
        await buildInvoice(trx, foreign, {
          number: 'F-INV',
          amountMinor: 7_700,
          dueDate: '2024-03-01',
        })
      ).id;
    });
    carla = await logInAs(server.app, 'carla');
    bert = await logInAs(server.app, 'bert');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('link is stable per debtor', async () => {
    const first = await portalLink(carla, debtors.a);
    const second = await portalLink(carla, debtors.a);

    expect(first).toMatch(new RegExp(`^${PUBLIC_URL}/portal/[A-Za-z0-9_-]{64}$`));
    expect(second).toBe(first);
    expect(await portalLink(carla, debtors.neighbour)).not.toBe(first);
  });

  it('opening a link sets a scoped cookie', async () => {
    const response = await open(await portalLink(carla, debtors.a));
    const cookie = response.cookies.find((candidate) => candidate.name === 'collecta_portal');

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/portal');
    expect(cookie?.path).toBe('/api/portal');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Strict');
    expect(cookie?.secure).toBe(true);
    expect(cookie?.maxAge).toBe(3600);
  });

  it('invalid token gives a 404 page', async () => {
    const link = await portalLink(carla, debtors.a);
    const tampered = `${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const path of [tampered, '/portal/short', `/portal/${'x'.repeat(64)}`]) {
      const response = await open(path);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('This link does not work');
      expect(response.body).not.toContain('D-1');
      expect(response.cookies).toHaveLength(0);
    }
  });

  it('portal API needs a portal session', async () => {
    expect((await portalGet(null, '/api/portal/invoices')).statusCode).toBe(401);
    expect((await portalGet(null, '/api/portal/session')).statusCode).toBe(401);
    expect((await portalPost(null, '/api/portal/payments', {})).statusCode).toBe(401);
    const staffCookie = await server.app.inject({
      method: 'GET',
      url: '/api/portal/invoices',
      headers: carla.headers,
    });
    expect(staffCookie.statusCode).toBe(401);
    const forged = await portalGet(
      { cookie: `collecta_portal=${organisationId}.${'A'.repeat(43)}`, csrfToken: '' },
      '/api/portal/invoices',
    );
    expect(forged.statusCode).toBe(401);
  });

  it('POST needs the CSRF token', async () => {
    const portal = await visit(carla, debtors.a);
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/portal/payments',
      payload: {},
      headers: { cookie: portal.cookie },
    });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_failed');
  });

  it('invoices show the staff charges', async () => {
    const portal = await visit(carla, debtors.a);
    const response = await portalGet(portal, '/api/portal/invoices');
    const staff = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${debtors.a}/charges`,
      headers: carla.headers,
    });
    const body = response.json();
    const charges = staff.json();

    expect(response.statusCode).toBe(200);
    expect(body.openInvoices.map((invoice: { number: string }) => invoice.number)).toEqual([
      'INV-1',
      'INV-2',
    ]);
    expect(body.openInvoices[0]).toMatchObject({
      invoiceDate: '2025-01-01',
      amount: '1000.00',
      principalOpen: '1000.00',
      costsOpen: '181.50',
      interestOpen: '8.22',
      totalOpen: '1189.72',
    });
    for (const staffInvoice of charges.invoices) {
      const shown = body.openInvoices.find(
        (invoice: { invoiceId: string }) => invoice.invoiceId === staffInvoice.invoiceId,
      );
      expect(shown.costsOpen).toBe(staffInvoice.costsOpen);
      expect(shown.interestOpen).toBe(staffInvoice.interestOpen);
      expect(shown.totalOpen).toBe(staffInvoice.totalOpen);
    }
    expect(body.totals).toEqual(charges.totals);
    expect(body.paidInvoices.map((invoice: { number: string }) => invoice.number)).toEqual([
      'INV-0',
    ]);
  });

  it('session names the debtor and language', async () => {
    const portal = await visit(carla, debtors.a);
    expect((await portalGet(portal, '/api/portal/invoices')).headers['cache-control']).toBe(
      'no-store',
    );
    const body = (await portalGet(portal, '/api/portal/session')).json();

    expect(body.language).toBe('nl');
    expect(body.debtor).toEqual({ name: 'Debtor D-1', number: 'D-1' });
    expect(body.entity).toEqual({ name: 'Entity NL01', hasLogo: false });
    expect(body.csrfToken).toBe(portal.csrfToken);
  });

  it('sessions see only their own debtor', async () => {
    const neighbour = await visit(carla, debtors.neighbour);
    const foreign = await visit(bert, debtors.foreign);
    const neighbourInvoices = (await portalGet(neighbour, '/api/portal/invoices')).json();
    const foreignInvoices = (await portalGet(foreign, '/api/portal/invoices')).json();

    expect(
      neighbourInvoices.openInvoices.map((invoice: { number: string }) => invoice.number),
    ).toEqual(['N-1']);
    expect(
      foreignInvoices.openInvoices.map((invoice: { number: string }) => invoice.number),
    ).toEqual(['F-INV']);
  });

  it("debtor A cannot act on B's invoices", async () => {
    const portal = await visit(carla, debtors.a);
    for (const invoiceId of [invoices.neighbour, invoices.foreign]) {
      const payment = await portalPost(portal, '/api/portal/payments', { invoiceIds: [invoiceId] });
      expect(payment.statusCode).toBe(404);
      const arrangement = await portalPost(
        portal,
        '/api/portal/arrangements',
        arrangementBody([invoiceId]),
      );
      expect(arrangement.statusCode).toBe(400);
    }
    const mixed = await portalPost(portal, '/api/portal/payments', {
      invoiceIds: [invoices.a2, invoices.neighbour],
    });
    expect(mixed.statusCode).toBe(404);
    const neighbour = await visit(carla, debtors.neighbour);
    const listed = (await portalGet(neighbour, '/api/portal/arrangements')).json();
    expect(listed.arrangements).toEqual([]);
  });

  it('pays by bank transfer without provider', async () => {
    const portal = await visit(carla, debtors.a);
    const response = await portalPost(portal, '/api/portal/payments', {
      invoiceIds: [invoices.a1],
    });
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({
      kind: 'bank_transfer',
      currency: 'EUR',
      amount: '1189.72',
      beneficiary: 'Entity NL01',
      iban: 'NL91 ABNA 0417 1643 00',
      bic: 'ABNANL2A',
    });
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const all = (await portalPost(portal, '/api/portal/payments', {})).json();
    expect(all.amount).toBe('1389.72');
  });

  it('limits the dates a debtor may request', async () => {
    const portal = await visit(carla, debtors.a);
    const today = dateInTimeZone(new Date(), 'Europe/Amsterdam');
    const lateStart = await portalPost(portal, '/api/portal/arrangements', {
      ...arrangementBody([invoices.a2]),
      firstDueDate: addDays(today, 61),
    });
    const longSchedule = await portalPost(portal, '/api/portal/arrangements', {
      ...arrangementBody([invoices.a2]),
      instalmentCount: 12,
      frequency: 'quarterly',
    });

    expect(lateStart.statusCode).toBe(400);
    expect(lateStart.json().error).toMatchObject({
      key: 'portal_first_due_date_too_late',
      params: { days: 60, latest: addDays(today, 60) },
    });
    expect(longSchedule.statusCode).toBe(400);
    expect(longSchedule.json().error.key).toBe('portal_schedule_too_long');
  });

  it('names no invoice id for a foreign invoice', async () => {
    const portal = await visit(carla, debtors.a);
    const unknown = await portalPost(portal, '/api/portal/payments', {
      invoiceIds: ['00000000-0000-4000-8000-000000000000'],
    });
    const neighbours = await portalPost(portal, '/api/portal/payments', {
      invoiceIds: [invoices.neighbour],
    });

    expect(neighbours.json().error.message).toBe(unknown.json().error.message);
    expect(neighbours.json().error.message).not.toContain(invoices.neighbour);
  });

  it('requests an arrangement for staff approval', async () => {
    const portal = await visit(carla, debtors.a);
    const response = await portalPost(
      portal,
      '/api/portal/arrangements',
      arrangementBody([invoices.a2]),
    );
    const body = response.json();

    expect(response.statusCode).toBe(201);
    expect(body.status).toBe('requested');
    expect(body.invoiceNumbers).toEqual(['INV-2']);
    expect(body.instalments).toHaveLength(3);
    expect(body.instalments.map((instalment: { amount: string }) => instalment.amount)).toEqual([
      '66.66',
      '66.66',
      '66.68',
    ]);
    const listed = (await portalGet(portal, '/api/portal/arrangements')).json();
    expect(listed.arrangements.map((item: { id: string }) => item.id)).toEqual([body.id]);
    const staff = await server.app.inject({
      method: 'GET',
      url: '/api/arrangements?status=requested',
      headers: carla.headers,
    });
    expect(staff.json()).toEqual([
      expect.objectContaining({ id: body.id, source: 'portal', status: 'requested' }),
    ]);
  });

  it('revoking ends links and sessions', async () => {
    const link = await portalLink(carla, debtors.neighbour);
    const portal = await visit(carla, debtors.neighbour);
    const revoke = await server.app.inject({
      method: 'POST',
      url: `/api/debtors/${debtors.neighbour}/portal-access/revoke`,
      headers: carla.headers,
    });

    expect(revoke.statusCode).toBe(200);
    expect((await open(link)).statusCode).toBe(404);
    expect((await portalGet(portal, '/api/portal/invoices')).statusCode).toBe(401);
    const renewed = await portalLink(carla, debtors.neighbour);
    expect(renewed).not.toBe(link);
    expect((await open(renewed)).statusCode).toBe(303);
  });

  it('staff of another organisation cannot revoke', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: `/api/debtors/${debtors.a}/portal-access/revoke`,
      headers: bert.headers,
    });

    expect(response.statusCode).toBe(404);
    expect(
      (await server.app.inject({ method: 'GET', url: `/api/debtors/${debtors.a}/portal-link` }))
        .statusCode,
    ).toBe(401);
  });

  it('link openings are rate-limited', async () => {
    const link = await portalLink(carla, debtors.a);
    const remoteAddress = nextClientAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt += 1) {
      const response = await server.app.inject({
        method: 'GET',
        url: new URL(link).pathname,
        remoteAddress,
      });
      statuses.push(response.statusCode);
    }

    expect(statuses.slice(0, 20).every((status) => status === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});
