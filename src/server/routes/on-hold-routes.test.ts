import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import {
  insertDebtor,
  insertInvoice,
  insertIssue,
  insertIssueCategory,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../../dunning/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/*
 * Invoices on hold through the API. D-700 has E1 300.00 with hold code DSP.
 * D-701 has E2 200.00, on hold by an open issue of a pausing category, and
 * E3 150.00, not on hold. All are due 2024-04-01, so the second reminder is
 * due on 2024-05-01.
 */
const runDate = '2024-05-01';

describe('routes with invoices on hold', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let anna: LoggedIn;
  let d701: string;
  let issue: { id: string; number: number };

  const post = (url: string, payload: object) =>
    server.app.inject({ method: 'POST', url, headers: anna.headers, payload });
  const get = (url: string) =>
    server.app.inject({ method: 'GET', url, headers: { cookie: anna.cookie } });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const { organisationId } = await buildOrganisationWithUser(database, {
      slug: 'held',
      username: 'anna',
    });
    await withOrganisation(database, organisationId, async (trx) => {
      const tenant: TestTenant = { organisationId, entity: await buildEntity(trx, organisationId) };
      const d700 = await insertDebtor(trx, tenant, { number: 'D-700' });
      d701 = await insertDebtor(trx, tenant, { number: 'D-701' });
      const dueDate = '2024-04-01';
      await insertInvoice(trx, tenant, {
        debtorId: d700,
        number: 'E1',
        dueDate,
        amount: '300.00',
        holdReason: 'DSP',
      });
      const e2 = await insertInvoice(trx, tenant, {
        debtorId: d701,
        number: 'E2',
        dueDate,
        amount: '200.00',
      });
      await insertInvoice(trx, tenant, { debtorId: d701, number: 'E3', dueDate, amount: '150.00' });
      const categoryId = await insertIssueCategory(trx, tenant, {
        name: 'Wrong price',
        names: { nl: 'Verkeerde prijs' },
        pausesDunning: true,
      });
      issue = await insertIssue(trx, tenant, { debtorId: d701, categoryId, invoiceIds: [e2] });
    });
    anna = await logInAs(server.app, 'anna');
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('dunning run leaves held invoices out by default', async () => {
    const response = await post('/api/dunning-runs', {
      entity: 'NL01',
      date: runDate,
      dryRun: true,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().messages).toEqual({ created: 1, skipped: 1 });
  });

  it('dunning run lists held invoices with reasons', async () => {
    const response = await post('/api/dunning-runs', {
      entity: 'NL01',
      date: runDate,
      dryRun: true,
    });

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.onHoldTotal).toBe(2);
    expect(body.onHold).toHaveLength(2);
    expect(body.onHold[0]).toEqual({
      debtorNumber: 'D-700',
      debtorName: expect.any(String),
      invoiceNumber: 'E1',
      holdReason: 'DSP',
    });
    expect(body.onHold[1].debtorNumber).toBe('D-701');
    expect(body.onHold[1].invoiceNumber).toBe('E2');
    expect(body.onHold[1].holdReason).toBe(`Issue ${issue.number} (Wrong price) is open`);
  });

  it('dunning run with includeOnHold lists no held invoices', async () => {
    const response = await post('/api/dunning-runs', {
      entity: 'NL01',
      date: runDate,
      dryRun: true,
      includeOnHold: true,
    });

    expect(response.json().onHold).toEqual([]);
    expect(response.json().onHoldTotal).toBe(0);
  });

  it('dunning run with includeOnHold reminds them', async () => {
    const response = await post('/api/dunning-runs', {
      entity: 'NL01',
      date: runDate,
      dryRun: true,
      includeOnHold: true,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().messages).toEqual({ created: 2, skipped: 0 });
  });

  it('dunning run rejects a non-boolean includeOnHold', async () => {
    const response = await post('/api/dunning-runs', {
      entity: 'NL01',
      date: runDate,
      includeOnHold: 'yes',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.includeOnHold');
  });

  it('ageing report shows the amount on hold', async () => {
    const response = await get(`/api/reports/ageing?entity=NL01&date=${runDate}`);
    const [report] = response.json();

    expect(response.statusCode).toBe(200);
    expect(report.onHold).toEqual({ count: 2, amount: '500.00' });
    expect(report.buckets[1]).toEqual({
      name: '1-30',
      count: 3,
      amount: '650.00',
      onHold: { count: 2, amount: '500.00' },
    });
    expect(
      report.heldInvoices.map((invoice: { number: string; hold: unknown; issueHold: unknown }) => [
        invoice.number,
        invoice.hold,
        invoice.issueHold,
      ]),
    ).toEqual([
      ['E1', { reason: 'DSP', until: null }, null],
      [
        'E2',
        null,
        {
          issueId: issue.id,
          issueNumber: issue.number,
          categoryName: 'Wrong price',
          categoryNames: { nl: 'Verkeerde prijs' },
          status: 'open',
          closedAs: null,
          closedOn: null,
          resumesOn: null,
        },
      ],
    ]);
  });

  it('debtor card shows the issue hold', async () => {
    const response = await get(`/api/debtors/${d701}?date=${runDate}`);
    const invoices: Array<{ number: string; hold: unknown; issueHold: unknown }> =
      response.json().invoices;

    expect(response.statusCode).toBe(200);
    expect(invoices.map((invoice) => [invoice.number, invoice.hold])).toEqual([
      ['E2', null],
      ['E3', null],
    ]);
    expect(invoices[0]?.issueHold).toEqual(
      expect.objectContaining({ issueNumber: issue.number, status: 'open' }),
    );
    expect(invoices[1]?.issueHold).toBeNull();
  });
});
