import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildPayment,
  buildReachedStep,
} from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  bearer,
  buildTestUser,
  createTestApiKey,
  createTestGroup,
} from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

describe('debtor routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let anna: LoggedIn;
  let bert: LoggedIn;
  let debtorId: string;

  const get = (session: LoggedIn, url: string) =>
    server.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    await withOrganisation(database, a.organisationId, async (trx) => {
      const entity = await buildEntity(trx, a.organisationId);
      const debtor = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      debtorId = debtor.id;
      const invoice = await buildInvoice(trx, debtor, {
        number: 'INV-1',
        amountMinor: 123_456,
        dueDate: '2025-03-01',
      });
      await buildPayment(trx, invoice, { amountMinor: 23_456, paymentDate: '2025-03-10' });
      await buildReachedStep(trx, invoice, { stepName: 'First reminder', reachedOn: '2025-03-08' });
      await buildInvoice(trx, debtor, {
        number: 'CN-1',
        amountMinor: -1_000,
        dueDate: '2025-03-01',
      });
      await buildDebtor(trx, entity, { number: '1002', name: 'Beta Foods' });
    });
    anna = await logInAs(server.app, 'anna');
    bert = await logInAs(server.app, 'bert');
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('list returns decimal amounts and ageing columns', async () => {
    const response = await get(anna, '/api/debtors?entity=NL01&date=2025-03-31');
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(body.items[0]).toEqual({
      id: debtorId,
      number: '1001',
      name: 'Acme Trading BV',
      kind: 'b2b',
      language: 'nl',
      email: '1001@example.com',
      entityCode: 'NL01',
      currency: 'EUR',
      open: '990.00',
      overdue: '1000.00',
      ageing: {
        current: '0.00',
        '1-30': '1000.00',
        '31-60': '0.00',
        '61-90': '0.00',
        '91+': '0.00',
        credits: '-10.00',
      },
    });
  });

  it('list searches and pages', async () => {
    const search = await get(anna, '/api/debtors?search=beta&date=2025-03-31');
    const paged = await get(anna, '/api/debtors?pageSize=1&page=2&date=2025-03-31');

    expect(search.json().items.map((item: { number: string }) => item.number)).toEqual(['1002']);
    expect(paged.json().items.map((item: { number: string }) => item.number)).toEqual(['1002']);
    expect(paged.json().total).toBe(2);
  });

  it('list returns 404 for unknown entity', async () => {
    const response = await get(anna, '/api/debtors?entity=XX99');

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('card has debtor, invoices, payments and timeline', async () => {
    const response = await get(anna, `/api/debtors/${debtorId}?date=2025-03-31`);
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.asOf).toBe('2025-03-31');
    expect(body.debtor).toMatchObject({
      id: debtorId,
      entityCode: 'NL01',
      currency: 'EUR',
      open: '990.00',
      overdue: '1000.00',
      phone: null,
    });
    expect(body.invoices).toContainEqual({
      id: expect.any(String),
      number: 'INV-1',
      kind: 'invoice',
      invoiceDate: '2025-01-01',
      dueDate: '2025-03-01',
      amount: '1234.56',
      open: '1000.00',
      currency: 'EUR',
      daysPastDue: 30,
      hold: null,
      issueHold: null,
      steps: [{ step: 'First reminder', reachedOn: '2025-03-08' }],
    });
    expect(body.payments).toEqual([
      {
        id: expect.any(String),
        paymentDate: '2025-03-10',
        amount: '234.56',
        currency: 'EUR',
        source: 'bank',
        reference: null,
        allocated: [{ invoiceNumber: 'INV-1', amount: '234.56' }],
      },
    ]);
    expect(body.timeline).toEqual([
      {
        kind: 'call',
        id: expect.any(String),
        date: '2025-03-08',
        step: 'First reminder',
        channel: 'call',
        status: 'open',
        total: '0.00',
        currency: 'EUR',
        delivery: null,
      },
    ]);
  });

  it('card rejects unknown and malformed ids', async () => {
    const unknown = await get(anna, `/api/debtors/${randomUUID()}`);
    const malformed = await get(anna, '/api/debtors/not-a-uuid');

    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(400);
  });

  it('another organisation gets 404 on the card', async () => {
    const response = await get(bert, `/api/debtors/${debtorId}`);

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('another organisation gets empty lists', async () => {
    const debtors = await get(bert, '/api/debtors');
    const entities = await get(bert, '/api/entities');

    expect(debtors.json()).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
    expect(entities.json()).toEqual([]);
  });

  it('entities lists the organisation entities', async () => {
    const response = await get(anna, '/api/entities');

    // Only the fields that the entity factory sets; the list returns more.
    expect(response.json()).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        code: 'NL01',
        name: 'Entity NL01',
        currency: 'EUR',
        country: 'NL',
        language: 'nl',
        timeZone: 'Europe/Amsterdam',
        iban: null,
      }),
    ]);
  });
});

/**
 * A dispute handler has issues.read but no debtors.read: the card of a
 * debtor is visible only when the debtor has an issue of the handler's
 * department, or any issue for a handler without a department.
 */
describe('debtor card for dispute handlers', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let salesDebtorId: string;
  let resolvedDebtorId: string;
  let quietDebtorId: string;
  let sales: LoggedIn;
  let anyDepartment: LoggedIn;
  let service: LoggedIn;
  let reportsOnly: LoggedIn;
  let otherOrganisation: LoggedIn;

  const get = (headers: Record<string, string>, url: string) =>
    server.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    ({ organisationId } = await buildOrganisationWithUser(database, {
      slug: 'disputes',
      username: 'dispute-admin',
    }));
    const other = await buildOrganisationWithUser(database, {
      slug: 'elsewhere',
      username: 'elsewhere-admin',
    });
    await buildTestUser(database, other.organisationId, {
      username: 'elsewhere-disputes',
      group: 'dispute-handler',
    });
    await withOrganisation(database, organisationId, async (trx) => {
      const entity = await buildEntity(trx, organisationId);
      const salesDebtor = await buildDebtor(trx, entity, { number: '2001', name: 'Sales dispute' });
      const resolvedDebtor = await buildDebtor(trx, entity, { number: '2002' });
      const quietDebtor = await buildDebtor(trx, entity, { number: '2003', name: 'No issues' });
      salesDebtorId = salesDebtor.id;
      resolvedDebtorId = resolvedDebtor.id;
      quietDebtorId = quietDebtor.id;
      const department = await trx
        .selectFrom('departments')
        .select('id')
        .where('name', '=', 'Sales')
        .executeTakeFirstOrThrow();
      const process = await trx
        .insertInto('business_processes')
        .values({ organisation_id: organisationId, name: 'Disputes' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const category = await trx
        .insertInto('issue_categories')
        .values({
          organisation_id: organisationId,
          process_id: process.id,
          name: 'Price',
          days_to_resolve: 14,
          department_id: department.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [debtor, status] of [
        [salesDebtor, 'new'],
        [resolvedDebtor, 'resolved'],
      ] as const) {
        await trx
          .insertInto('issues')
          .values({
            organisation_id: organisationId,
            entity_id: entity.id,
            debtor_id: debtor.id,
            category_id: category.id,
            department_id: department.id,
            status,
            ...(status === 'resolved'
              ? { closed_on: '2025-03-20', outcome: 'favour_creditor' as const }
              : {}),
            deadline: '2025-04-01',
            opened_by: 'test',
          })
          .execute();
      }
    });
    await createTestGroup(database, organisationId, {
      slug: 'reports-only',
      permissions: ['reports.read'],
    });
    const users = [
      ['handler-sales', 'dispute-handler', 'Sales'],
      ['handler-any', 'dispute-handler', undefined],
      ['handler-service', 'dispute-handler', 'Customer Service'],
      ['reports-only', 'reports-only', undefined],
    ] as const;
    for (const [username, group, department] of users) {
      await buildTestUser(database, organisationId, {
        username,
        group,
        ...(department ? { department } : {}),
      });
    }
    sales = await logInAs(server.app, 'handler-sales');
    anyDepartment = await logInAs(server.app, 'handler-any');
    service = await logInAs(server.app, 'handler-service');
    reportsOnly = await logInAs(server.app, 'reports-only');
    otherOrganisation = await logInAs(server.app, 'elsewhere-disputes');
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('handler of the department sees the card', async () => {
    const response = await get(sales.headers, `/api/debtors/${salesDebtorId}`);

    expect(response.statusCode).toBe(200);
    expect(response.json().debtor.name).toBe('Sales dispute');
  });

  it('resolved issue still shows the card', async () => {
    const response = await get(sales.headers, `/api/debtors/${resolvedDebtorId}`);

    expect(response.statusCode).toBe(200);
  });

  it('handler without department sees any issue', async () => {
    const response = await get(anyDepartment.headers, `/api/debtors/${salesDebtorId}`);

    expect(response.statusCode).toBe(200);
  });

  it('debtor without issue returns 404', async () => {
    const forSales = await get(sales.headers, `/api/debtors/${quietDebtorId}`);
    const forAny = await get(anyDepartment.headers, `/api/debtors/${quietDebtorId}`);

    expect(forSales.statusCode).toBe(404);
    expect(forSales.json().error.code).toBe('not_found');
    expect(forAny.statusCode).toBe(404);
  });

  it('issue of another department returns 404', async () => {
    const response = await get(service.headers, `/api/debtors/${salesDebtorId}`);

    expect(response.statusCode).toBe(404);
  });

  it('handler cannot list debtors', async () => {
    const response = await get(sales.headers, '/api/debtors');

    expect(response.statusCode).toBe(403);
  });

  it('user without either permission gets 403', async () => {
    const response = await get(reportsOnly.headers, `/api/debtors/${salesDebtorId}`);

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('issues.read');
  });

  it('key with issues.read sees debtors with issues', async () => {
    const key = await createTestApiKey(testDatabase.database, organisationId, ['issues.read']);
    const withIssue = await get(bearer(key.key), `/api/debtors/${salesDebtorId}`);
    const withoutIssue = await get(bearer(key.key), `/api/debtors/${quietDebtorId}`);

    expect(withIssue.statusCode).toBe(200);
    expect(withoutIssue.statusCode).toBe(404);
  });

  it('handler of another organisation gets 404', async () => {
    const response = await get(otherOrganisation.headers, `/api/debtors/${salesDebtorId}`);

    expect(response.statusCode).toBe(404);
  });

  it('card returns 401 without a session', async () => {
    const response = await get({}, `/api/debtors/${salesDebtorId}`);

    expect(response.statusCode).toBe(401);
  });
});
