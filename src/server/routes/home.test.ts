import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../dates/plain-date.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity } from '../../debtors/test-factories.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import {
  addUser,
  insertBatch,
  insertCallTask,
  insertIssue,
  insertPromise,
} from '../../home/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface HomeJson {
  days: Array<{ entityCode: string; today: string }>;
  counts: Record<string, number>;
  batchesToApprove?: Array<{
    entityCode: string;
    runDate: string;
    messageCount: number;
    totals: unknown;
  }>;
  callsDue?: number;
  callTasksDue?: Array<{ entityCode: string; dueDate: string; total: string }>;
  promisesDue?: Array<{ entityCode: string; promisedDate: string; amount: string }>;
  issuesPastDeadline?: Array<{
    entityCode: string;
    deadline: string;
    department: { name: string } | null;
  }>;
  escalatedIssues?: Array<{
    id: string;
    number: number;
    entityCode: string;
    debtor: { number: string; name: string };
    category: string;
    categoryNames: Record<string, string>;
    department: { name: string } | null;
    deadline: string;
    daysPastDeadline: number;
  }>;
}

describe('home route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let nl: Entity;
  let be: Entity;
  let nlToday: string;
  let beToday: string;
  let escalatedIds: { nl: string; be: string; assigned: string };
  const sessions: Record<string, LoggedIn> = {};

  const getHome = async (username: string, query = '') => {
    const session = sessions[username];
    if (!session) {
      throw new Error(`no session for ${username}`);
    }
    return server.app.inject({
      method: 'GET',
      url: `/api/home${query}`,
      headers: { cookie: session.cookie },
    });
  };
  const home = async (username: string, query = ''): Promise<HomeJson> =>
    (await getHome(username, query)).json();

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    const now = new Date();

    await withOrganisation(database, a.organisationId, async (trx) => {
      nl = await buildEntity(trx, a.organisationId, { code: 'NL01' });
      be = await buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' });
      nlToday = todayForEntity(nl, now);
      beToday = todayForEntity(be, now);
      const acme = await buildDebtor(trx, nl, { number: 'N-1', name: 'Acme' });
      const brussels = await buildDebtor(trx, be, { number: 'B-1', name: 'Brussels Foods' });

      await insertCallTask(trx, nl, {
        debtorId: acme.id,
        dueDate: addDays(nlToday, -1),
        total: '10.00',
      });
      await insertCallTask(trx, nl, {
        debtorId: acme.id,
        dueDate: addDays(nlToday, 2),
        total: '20.00',
      });
      await insertCallTask(trx, nl, {
        debtorId: acme.id,
        dueDate: addDays(nlToday, -3),
        total: '30.00',
        status: 'done',
      });
      await insertCallTask(trx, be, { debtorId: brussels.id, dueDate: beToday, total: '40.00' });

      await insertBatch(trx, nl, {
        debtorId: acme.id,
        runDate: addDays(nlToday, -1),
        messages: [{ total: '100.00' }, { total: '50.50' }, { total: '999.00', status: 'removed' }],
      });
      await insertBatch(trx, nl, {
        debtorId: acme.id,
        runDate: addDays(nlToday, -2),
        channel: 'letter',
        status: 'approved',
        messages: [{ total: '75.00', status: 'approved' }],
      });
      await insertBatch(trx, be, {
        debtorId: brussels.id,
        runDate: addDays(beToday, -4),
        messages: [{ total: '12.00' }],
      });

      await insertPromise(trx, nl, {
        debtorId: acme.id,
        promisedDate: addDays(nlToday, -1),
        amount: '250.00',
      });
      await insertPromise(trx, nl, {
        debtorId: acme.id,
        promisedDate: addDays(nlToday, 5),
        amount: '1.00',
      });
      await insertPromise(trx, nl, {
        debtorId: acme.id,
        promisedDate: addDays(nlToday, -3),
        amount: '2.00',
        status: 'kept',
      });
      await insertPromise(trx, be, {
        debtorId: brussels.id,
        promisedDate: beToday,
        amount: '60.00',
      });

      await insertIssue(trx, nl, {
        debtorId: acme.id,
        deadline: addDays(nlToday, -2),
        department: 'Sales',
      });
      await insertIssue(trx, nl, { debtorId: acme.id, deadline: nlToday, department: 'Sales' });
      const nlEscalated = await insertIssue(trx, nl, {
        debtorId: acme.id,
        deadline: addDays(nlToday, -5),
        department: 'Distribution',
      });
      const resolvedEscalated = await insertIssue(trx, nl, {
        debtorId: acme.id,
        deadline: addDays(nlToday, -9),
        department: 'Sales',
        status: 'resolved',
      });
      const beEscalated = await insertIssue(trx, be, {
        debtorId: brussels.id,
        deadline: addDays(beToday, -1),
        department: 'Sales',
      });
      // Escalated, of the Production department, but assigned to a user of Sales further down.
      const assignedEscalated = await insertIssue(trx, nl, {
        debtorId: acme.id,
        deadline: nlToday,
        department: 'Production',
      });
      escalatedIds = { nl: nlEscalated, be: beEscalated, assigned: assignedEscalated };
      await trx
        .updateTable('issues')
        .set({ escalated_at: now })
        .where('id', 'in', [nlEscalated, resolvedEscalated, beEscalated, assignedEscalated])
        .execute();
      await trx
        .updateTable('issue_categories')
        .set({ names: JSON.stringify({ nl: 'Verkeerde levering' }) })
        .where('id', '=', (eb) =>
          eb.selectFrom('issues').select('category_id').where('id', '=', nlEscalated),
        )
        .execute();
    });

    await withOrganisation(database, b.organisationId, async (trx) => {
      const other = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const debtor = await buildDebtor(trx, other, { number: 'U-1' });
      const today = todayForEntity(other, now);
      await insertCallTask(trx, other, { debtorId: debtor.id, dueDate: today, total: '5.00' });
      await insertPromise(trx, other, { debtorId: debtor.id, promisedDate: today, amount: '5.00' });
      await insertIssue(trx, other, { debtorId: debtor.id, deadline: addDays(today, -1) });
    });

    await addUser(database, a.organisationId, { username: 'mona', group: 'manager' });
    const mira = await addUser(database, a.organisationId, {
      username: 'mira',
      group: 'manager',
      department: 'Sales',
    });
    await withOrganisation(database, a.organisationId, (trx) =>
      trx
        .updateTable('issues')
        .set({ assignee_user_id: mira })
        .where('id', '=', escalatedIds.assigned)
        .execute(),
    );
    await addUser(database, a.organisationId, {
      username: 'dirk',
      group: 'dispute-handler',
      department: 'Sales',
    });
    await addUser(database, a.organisationId, {
      username: 'nora',
      group: 'credit-manager',
      entityIds: [nl.id],
    });
    for (const username of ['carla', 'bert', 'mona', 'mira', 'dirk', 'nora']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('needs a login', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/home' });

    expect(response.statusCode).toBe(401);
  });

  it('credit manager sees every section', async () => {
    const response = await getHome('carla');
    const body: HomeJson = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.days).toEqual([
      { entityCode: 'BE01', today: beToday },
      { entityCode: 'NL01', today: nlToday },
    ]);
    expect(body.counts).toEqual({
      batchesToApprove: 2,
      callsDue: 2,
      promisesDue: 2,
      issuesPastDeadline: 3,
      escalatedIssues: 3,
    });
    expect(body.callsDue).toBe(2);
  });

  it('batches to approve are pending, oldest first', async () => {
    const body = await home('carla');

    expect(body.batchesToApprove).toEqual([
      expect.objectContaining({
        entityCode: 'BE01',
        runDate: addDays(beToday, -4),
        messageCount: 1,
        totals: [{ currency: 'EUR', amount: '12.00' }],
      }),
      expect.objectContaining({
        entityCode: 'NL01',
        runDate: addDays(nlToday, -1),
        messageCount: 2,
        totals: [{ currency: 'EUR', amount: '150.50' }],
      }),
    ]);
  });

  it('calls due are open and due by today', async () => {
    const body = await home('carla');

    expect(body.callTasksDue?.map((task) => [task.entityCode, task.dueDate, task.total])).toEqual(
      [
        ['NL01', addDays(nlToday, -1), '10.00'],
        ['BE01', beToday, '40.00'],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
  });

  it('promises due are open and dated by today', async () => {
    const body = await home('carla');

    expect(body.promisesDue?.map((promise) => [promise.entityCode, promise.amount]).sort()).toEqual(
      [
        ['BE01', '60.00'],
        ['NL01', '250.00'],
      ],
    );
  });

  it('issues past deadline are open and overdue', async () => {
    const body = await home('carla');

    expect(
      body.issuesPastDeadline?.map((issue) => [
        issue.entityCode,
        issue.deadline,
        issue.department?.name,
      ]),
    ).toEqual(
      [
        ['NL01', addDays(nlToday, -5), 'Distribution'],
        ['NL01', addDays(nlToday, -2), 'Sales'],
        ['BE01', addDays(beToday, -1), 'Sales'],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
  });

  it('manager sees issues only', async () => {
    const body = await home('mona');

    expect(Object.keys(body).sort()).toEqual([
      'counts',
      'days',
      'escalatedIssues',
      'issuesPastDeadline',
    ]);
    expect(body.counts).toEqual({ issuesPastDeadline: 3, escalatedIssues: 3 });
  });

  it('manager starts on the start screen', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { cookie: sessions.mona?.cookie ?? '' },
    });

    expect(response.json().access.startScreen).toBe('home');
  });

  it('escalated issues are open, oldest deadline first', async () => {
    const body = await home('mona');
    const nlIssue = body.escalatedIssues?.find((issue) => issue.id === escalatedIds.nl);

    expect(body.escalatedIssues?.map((issue) => issue.id)).toEqual(
      [
        [escalatedIds.nl, addDays(nlToday, -5)],
        [escalatedIds.be, addDays(beToday, -1)],
        [escalatedIds.assigned, nlToday],
      ]
        .sort((x, y) => String(x[1]).localeCompare(String(y[1])))
        .map(([id]) => id),
    );
    expect(nlIssue).toMatchObject({
      entityCode: 'NL01',
      debtor: { number: 'N-1', name: 'Acme' },
      category: 'Wrong delivery',
      categoryNames: { nl: 'Verkeerde levering' },
      department: { name: 'Distribution' },
      deadline: addDays(nlToday, -5),
      daysPastDeadline: 5,
    });
    expect(nlIssue?.number).toBeGreaterThan(0);
    expect(body.escalatedIssues?.find((issue) => issue.id === escalatedIds.assigned)).toMatchObject(
      { daysPastDeadline: 0 },
    );
  });

  it('department manager sees own and assigned escalations', async () => {
    const body = await home('mira');

    expect(body.escalatedIssues?.map((issue) => issue.id).sort()).toEqual(
      [escalatedIds.be, escalatedIds.assigned].sort(),
    );
    expect(body.counts.escalatedIssues).toBe(2);
  });

  it('dispute handler sees own department', async () => {
    const body = await home('dirk');

    expect(Object.keys(body).sort()).toEqual(['counts', 'days', 'issuesPastDeadline']);
    expect(body.counts).toEqual({ issuesPastDeadline: 2 });
    expect(body.issuesPastDeadline?.map((issue) => issue.department?.name)).toEqual([
      'Sales',
      'Sales',
    ]);
  });

  it('entity filter limits every section', async () => {
    const body = await home('carla', '?entity=NL01');

    expect(body.days).toEqual([{ entityCode: 'NL01', today: nlToday }]);
    expect(body.counts).toEqual({
      batchesToApprove: 1,
      callsDue: 1,
      promisesDue: 1,
      issuesPastDeadline: 2,
      escalatedIssues: 2,
    });
  });

  it('user limited to an entity sees nothing of another', async () => {
    const body = await home('nora');
    const codes = [
      ...(body.batchesToApprove ?? []),
      ...(body.callTasksDue ?? []),
      ...(body.promisesDue ?? []),
      ...(body.issuesPastDeadline ?? []),
      ...(body.escalatedIssues ?? []),
    ].map((item) => item.entityCode);

    expect(body.days.map((day) => day.entityCode)).toEqual(['NL01']);
    expect(new Set(codes)).toEqual(new Set(['NL01']));
    expect(body.counts).toEqual({
      batchesToApprove: 1,
      callsDue: 1,
      promisesDue: 1,
      issuesPastDeadline: 2,
      escalatedIssues: 2,
    });
  });

  it('limited user gets 404 for another entity', async () => {
    const response = await getHome('nora', '?entity=BE01');

    expect(response.statusCode).toBe(404);
  });

  it('another organisation sees none of it', async () => {
    const body = await home('bert');
    const codes = [
      ...(body.batchesToApprove ?? []),
      ...(body.callTasksDue ?? []),
      ...(body.promisesDue ?? []),
      ...(body.issuesPastDeadline ?? []),
      ...(body.escalatedIssues ?? []),
    ].map((item) => item.entityCode);

    expect(body.days.map((day) => day.entityCode)).toEqual(['UK01']);
    expect(new Set(codes)).toEqual(new Set(['UK01']));
    expect((await getHome('bert', '?entity=NL01')).statusCode).toBe(404);
  });
});
