import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { defaultIssueReportFrom } from '../../reports/issue-report.ts';
import { seedIssueReportFixture } from '../../reports/issue-report-test-data.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';
import { buildTestUser, createTestGroup, permissionsWithout } from '../testing/access-fixtures.ts';

interface ReportJson {
  from: string;
  to: string;
  entities: Array<{ entityCode: string; asOf: string }>;
  open: {
    total: { count: number; amounts: Array<{ currency: string; amount: string }> };
    byDepartment: Array<{ department: { name: string } | null; count: number }>;
  };
  onHold: Array<{ currency: string; amount: string; invoiceCount: number }>;
  closed: { count: number; byCategory: Array<{ p90Days: number; averageDays: number }> };
  openedByMonth: { months: string[] };
}

/**
 * The issue report route: it needs reports.read, keeps to the caller's
 * entities and department, and formats the amounts as decimals. The NL01
 * figures come from the shared fixture (see issue-report-test-data.ts); BE01
 * adds one open whole-debtor issue over 70.00 EUR opened on 2026-06-15.
 */
describe('issue report route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let nl: Entity;
  let be: Entity;
  const sessions: Record<string, LoggedIn> = {};
  const period = 'from=2026-01-01&to=2026-06-30';

  const get = (username: string, query: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/reports/issues${query}`,
      headers: sessions[username]?.headers ?? {},
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'admin' });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'other' });

    await withOrganisation(database, a.organisationId, async (trx) => {
      nl = await buildEntity(trx, a.organisationId, { code: 'NL01' });
      be = await buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' });
      const fixture = await seedIssueReportFixture(trx, nl);
      const debtor = await buildDebtor(trx, be, { number: 'B1', name: 'Brussels Foods' });
      await buildInvoice(trx, debtor, {
        number: 'B-INV1',
        amountMinor: 70_00,
        dueDate: '2026-05-01',
      });
      await trx
        .insertInto('issues')
        .values({
          organisation_id: a.organisationId,
          entity_id: be.id,
          debtor_id: debtor.id,
          category_id: fixture.priceCategoryId,
          department_id: null,
          deadline: '2026-06-29',
          opened_by: 'test',
          opened_on: '2026-06-15',
        })
        .execute();
    });
    await createTestGroup(database, a.organisationId, {
      slug: 'no-reports',
      permissions: permissionsWithout('reports.read'),
    });
    await buildTestUser(database, a.organisationId, { username: 'noreports', group: 'no-reports' });
    await buildTestUser(database, a.organisationId, {
      username: 'beonly',
      group: 'manager',
      entityIds: [be.id],
    });
    await buildTestUser(database, a.organisationId, {
      username: 'service',
      group: 'manager',
      department: 'Customer Service',
    });
    for (const username of ['admin', 'other', 'noreports', 'beonly', 'service']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 300_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('returns the figures of one entity', async () => {
    const response = await get('admin', `?entity=NL01&${period}`);
    const body: ReportJson = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.entities).toEqual([{ entityCode: 'NL01', asOf: '2026-06-30' }]);
    expect(body.open.total).toEqual({
      count: 6,
      amounts: [
        { currency: 'EUR', amount: '395.00' },
        { currency: 'USD', amount: '300.00' },
      ],
    });
    expect(body.onHold).toEqual([{ currency: 'EUR', amount: '210.00', invoiceCount: 3 }]);
    expect(body.closed.count).toBe(13);
    expect(body.closed.byCategory[0]?.p90Days).toBe(9);
    expect(body.closed.byCategory[0]?.averageDays).toBe(5.5);
  });

  it('covers every entity without an entity code', async () => {
    const body: ReportJson = (await get('admin', `?${period}`)).json();

    expect(body.entities.map((entity) => entity.entityCode)).toEqual(['BE01', 'NL01']);
    // The six NL01 issues plus the BE01 issue over 70.00 EUR.
    expect(body.open.total).toEqual({
      count: 7,
      amounts: [
        { currency: 'EUR', amount: '465.00' },
        { currency: 'USD', amount: '300.00' },
      ],
    });
  });

  it('defaults to twelve months up to today', async () => {
    const body: ReportJson = (await get('admin', '?entity=NL01')).json();
    const today = todayForEntity(nl, new Date());

    expect(body.to).toBe(today);
    expect(body.from).toBe(defaultIssueReportFrom(today));
    expect(body.openedByMonth.months).toHaveLength(12);
  });

  it('requires reports.read', async () => {
    const response = await get('noreports', `?entity=NL01&${period}`);

    expect(response.statusCode).toBe(403);
  });

  it('requires a login', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/reports/issues?${period}`,
    });

    expect(response.statusCode).toBe(401);
  });

  it('hides an entity outside the user scope', async () => {
    const response = await get('beonly', `?entity=NL01&${period}`);

    expect(response.statusCode).toBe(404);
  });

  it('covers only the entities in scope', async () => {
    const body: ReportJson = (await get('beonly', `?${period}`)).json();

    expect(body.entities.map((entity) => entity.entityCode)).toEqual(['BE01']);
    expect(body.open.total).toEqual({
      count: 1,
      amounts: [{ currency: 'EUR', amount: '70.00' }],
    });
    expect(body.closed.count).toBe(0);
  });

  it('limits a department user to the department', async () => {
    const body: ReportJson = (await get('service', `?${period}`)).json();

    // Only I4 belongs to Customer Service.
    expect(body.open.total).toEqual({
      count: 1,
      amounts: [{ currency: 'USD', amount: '300.00' }],
    });
    expect(body.open.byDepartment.map((row) => row.department?.name)).toEqual(['Customer Service']);
  });

  it('shows another organisation nothing', async () => {
    const body: ReportJson = (await get('other', `?${period}`)).json();

    expect(body.entities).toEqual([]);
    expect(body.open.total.count).toBe(0);
  });

  it('rejects a period that ends before it starts', async () => {
    const response = await get('admin', '?from=2026-06-30&to=2026-01-01');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
  });

  it('rejects an invalid date', async () => {
    const response = await get('admin', '?from=2026-02-30');

    expect(response.statusCode).toBe(400);
  });
});
