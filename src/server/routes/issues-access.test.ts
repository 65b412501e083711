import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor } from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { LoggedIn } from '../test-server.ts';
import {
  buildIssueFixture,
  registerTestIssue,
  requestAs,
  type IssueFixture,
} from '../testing/issue-fixture.ts';

/**
 * A principal limited to a department sees and changes only the issues of
 * that department and those assigned to its user. Any other issue returns
 * 404 as if it did not exist. Principals without a department see every
 * issue of their entities, and nobody sees another organisation's issues.
 */
describe('issue access', () => {
  let testDatabase: TestDatabase;
  let fixture: IssueFixture;
  let salesIssue: string;
  let distributionIssue: string;
  let assignedToSales: string;
  let beIssue: string;

  const listIds = async (session: LoggedIn, query = 'status=all') => {
    const response = await requestAs(fixture, session, 'GET', `/api/issues?${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json().issues as Array<{ id: string }>).map((issue) => issue.id);
  };

  /** Adds a debtor of NL01 without issues. */
  const buildNlDebtor = (number: string, name: string) =>
    withOrganisation(testDatabase.database, fixture.organisationId, async (trx) => {
      const nl = await trx
        .selectFrom('entities')
        .selectAll()
        .where('code', '=', 'NL01')
        .executeTakeFirstOrThrow();
      return buildDebtor(trx, nl, { number, name });
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    fixture = await buildIssueFixture(testDatabase.database);
    salesIssue = await registerTestIssue(fixture, fixture.admin, {
      description: 'Sales issue',
    });
    distributionIssue = await registerTestIssue(fixture, fixture.admin, {
      categoryId: fixture.categories.delivery,
      description: 'Distribution issue',
    });
    assignedToSales = await registerTestIssue(fixture, fixture.admin, {
      debtorId: fixture.otherDebtor.id,
      categoryId: fixture.categories.delivery,
      description: 'Distribution issue for the sales handler',
    });
    beIssue = await registerTestIssue(fixture, fixture.admin, {
      entity: 'BE01',
      debtorId: fixture.beDebtor.id,
      description: 'Issue of the Belgian entity',
    });
  }, 120_000);

  afterAll(async () => {
    await fixture.server.app.close();
    await testDatabase.drop();
  });

  it('handler sees issues of the department', async () => {
    const ids = await listIds(fixture.sales);
    const detail = await requestAs(fixture, fixture.sales, 'GET', `/api/issues/${salesIssue}`);

    expect(ids).toContain(salesIssue);
    expect(detail.statusCode).toBe(200);
  });

  it('handler cannot see another department', async () => {
    const ids = await listIds(fixture.sales);
    const detail = await requestAs(
      fixture,
      fixture.sales,
      'GET',
      `/api/issues/${distributionIssue}`,
    );

    expect(ids).not.toContain(distributionIssue);
    expect(detail.statusCode).toBe(404);
    expect(detail.json().error.code).toBe('not_found');
  });

  it('handler cannot change another department', async () => {
    const url = `/api/issues/${distributionIssue}`;
    const responses = [
      await requestAs(fixture, fixture.sales, 'PATCH', url, { status: 'in_progress' }),
      await requestAs(fixture, fixture.sales, 'POST', `${url}/notes`, { body: 'Hidden' }),
      await requestAs(fixture, fixture.sales, 'POST', `${url}/reject`, { resolution: 'No' }),
    ];
    const unchanged = await requestAs(fixture, fixture.admin, 'GET', url);

    expect(responses.map((response) => response.statusCode)).toEqual([404, 404, 404]);
    expect(unchanged.json()).toMatchObject({ status: 'new', notes: [] });
  });

  it('handler sees an issue assigned to them', async () => {
    const url = `/api/issues/${assignedToSales}`;
    const before = await requestAs(fixture, fixture.sales, 'GET', url);
    const cardBefore = await requestAs(
      fixture,
      fixture.sales,
      'GET',
      `/api/debtors/${fixture.otherDebtor.id}`,
    );
    await requestAs(fixture, fixture.admin, 'PATCH', url, { assigneeUserId: fixture.users.sales });

    const after = await requestAs(fixture, fixture.sales, 'GET', url);
    const changed = await requestAs(fixture, fixture.sales, 'PATCH', url, {
      status: 'in_progress',
    });
    const mine = await listIds(fixture.sales, 'assignee=me');
    const cardAfter = await requestAs(
      fixture,
      fixture.sales,
      'GET',
      `/api/debtors/${fixture.otherDebtor.id}`,
    );

    expect(before.statusCode).toBe(404);
    expect(cardBefore.statusCode).toBe(404);
    expect(after.statusCode).toBe(200);
    expect(after.json().department.name).toBe('Distribution');
    expect(changed.json().status).toBe('in_progress');
    expect(mine).toEqual([assignedToSales]);
    expect(cardAfter.statusCode).toBe(200);
  });

  it('handler registers for the own department only', async () => {
    const other = await requestAs(fixture, fixture.sales, 'POST', '/api/issues', {
      entity: 'NL01',
      debtorId: fixture.debtor.id,
      invoiceIds: [],
      categoryId: fixture.categories.price,
      description: 'For another department',
      departmentId: fixture.departments.distribution,
    });
    const defaulted = await requestAs(fixture, fixture.sales, 'POST', '/api/issues', {
      entity: 'NL01',
      debtorId: fixture.debtor.id,
      invoiceIds: [],
      categoryId: fixture.categories.delivery,
      description: 'Delivery issue taken by sales',
    });

    expect(other.statusCode).toBe(403);
    expect(other.json().error.message).toContain('departmentId: you may register issues only');
    expect(defaulted.statusCode).toBe(201);
    expect(defaulted.json().department.name).toBe('Sales');
  });

  it('registration hides unseen debtors', async () => {
    // A debtor without issues: neither handlers nor managers, who lack debtors.read, see its card.
    const unseen = await buildNlDebtor('1003', 'Delta Metals');
    const registerAs = (session: LoggedIn, debtorId: string) =>
      requestAs(fixture, session, 'POST', '/api/issues', {
        entity: 'NL01',
        debtorId,
        invoiceIds: [],
        categoryId: fixture.categories.price,
        description: 'Price differs from the quote',
      });
    const missingId = randomUUID();

    const bySales = await registerAs(fixture.sales, unseen.id);
    const byManager = await registerAs(fixture.manager, unseen.id);
    const missing = await registerAs(fixture.sales, missingId);
    const card = await requestAs(fixture, fixture.sales, 'GET', `/api/debtors/${unseen.id}`);

    expect(bySales.statusCode).toBe(404);
    expect(bySales.json().error.message).toBe(`Debtor ${unseen.id} does not exist.`);
    expect(byManager.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe(`Debtor ${missingId} does not exist.`);
    expect(card.statusCode).toBe(404);
  });

  it('registration allowed once the card is visible', async () => {
    const unseen = await buildNlDebtor('1004', 'Epsilon Tools');
    // The administrator has debtors.read and may register on any debtor.
    await registerTestIssue(fixture, fixture.admin, { debtorId: unseen.id });
    const body = {
      entity: 'NL01',
      debtorId: unseen.id,
      invoiceIds: [],
      categoryId: fixture.categories.price,
      description: 'Second issue of the debtor',
    };

    const bySales = await requestAs(fixture, fixture.sales, 'POST', '/api/issues', body);
    const byDistribution = await requestAs(
      fixture,
      fixture.distribution,
      'POST',
      '/api/issues',
      body,
    );
    const byManager = await requestAs(fixture, fixture.manager, 'POST', '/api/issues', body);

    expect(bySales.statusCode).toBe(201);
    expect(byDistribution.statusCode).toBe(404);
    expect(byManager.statusCode).toBe(201);
  });

  it('handler hands an issue over', async () => {
    const id = await registerTestIssue(fixture, fixture.sales, { description: 'Handed over' });
    const url = `/api/issues/${id}`;
    const handedOver = await requestAs(fixture, fixture.sales, 'PATCH', url, {
      departmentId: fixture.departments.distribution,
    });
    const afterwards = await requestAs(fixture, fixture.sales, 'GET', url);
    const forDistribution = await requestAs(fixture, fixture.distribution, 'GET', url);

    expect(handedOver.statusCode).toBe(200);
    expect(handedOver.json().department.name).toBe('Distribution');
    expect(afterwards.statusCode).toBe(404);
    expect(forDistribution.statusCode).toBe(200);
  });

  it('manager sees every issue', async () => {
    const ids = await listIds(fixture.manager);
    const detail = await requestAs(
      fixture,
      fixture.manager,
      'GET',
      `/api/issues/${distributionIssue}`,
    );

    expect(ids).toEqual(expect.arrayContaining([salesIssue, distributionIssue, beIssue]));
    expect(detail.statusCode).toBe(200);
  });

  it('entity scope hides other entities', async () => {
    const ids = await listIds(fixture.nlOnly);
    const detail = await requestAs(fixture, fixture.nlOnly, 'GET', `/api/issues/${beIssue}`);
    const register = await requestAs(fixture, fixture.nlOnly, 'POST', '/api/issues', {
      entity: 'BE01',
      debtorId: fixture.beDebtor.id,
      invoiceIds: [],
      categoryId: fixture.categories.price,
      description: 'Out of scope',
    });

    expect(ids).toContain(salesIssue);
    expect(ids).not.toContain(beIssue);
    expect(detail.statusCode).toBe(404);
    expect(register.statusCode).toBe(404);
  });

  it('other organisation gets 404 and an empty list', async () => {
    const detail = await requestAs(fixture, fixture.otherAdmin, 'GET', `/api/issues/${salesIssue}`);
    const patch = await requestAs(
      fixture,
      fixture.otherAdmin,
      'PATCH',
      `/api/issues/${salesIssue}`,
      {
        status: 'in_progress',
      },
    );
    const list = await requestAs(fixture, fixture.otherAdmin, 'GET', '/api/issues?status=all');
    const categories = await requestAs(
      fixture,
      fixture.otherAdmin,
      'GET',
      '/api/issues/categories',
    );

    expect(detail.statusCode).toBe(404);
    expect(patch.statusCode).toBe(404);
    expect(list.json()).toEqual({ issues: [], total: 0 });
    expect(categories.json()).toEqual([]);
  });

  it('list without a session returns 401', async () => {
    const response = await fixture.server.app.inject({ method: 'GET', url: '/api/issues' });

    expect(response.statusCode).toBe(401);
  });
});
