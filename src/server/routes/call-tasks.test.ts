import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../dates/plain-date.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity } from '../../debtors/test-factories.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { addUser, insertCallTask } from '../../home/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/**
 * Debtors of the call list with their open total, risk score and the days
 * their task is overdue. Priorities (total × (100 + clamped risk)):
 * B 114 000, A 110 000, C 100 000, E 60 000, D 40 000.
 */
const DEBTORS = [
  { number: 'A', total: '1000.00', risk: 10, overdue: 5 },
  { number: 'B', total: '600.00', risk: 90, overdue: 4 },
  { number: 'C', total: '1000.00', risk: null, overdue: 3 },
  { number: 'D', total: '200.00', risk: 100, overdue: 2 },
  { number: 'E', total: '300.00', risk: 150, overdue: 1 },
] as const;

describe('call list route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let nl: Entity;
  let be: Entity;
  let today: string;
  let laterTaskId: string;
  const sessions: Record<string, LoggedIn> = {};

  const getList = async (username: string, query = '') => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/call-tasks${query}`,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
    return response;
  };
  const numbersOf = (response: { json(): unknown }) =>
    (response.json() as Array<{ debtor: { number: string } }>).map((task) => task.debtor.number);

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    organisationId = a.organisationId;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });

    await withOrganisation(database, organisationId, async (trx) => {
      nl = await buildEntity(trx, organisationId, { code: 'NL01' });
      today = todayForEntity(nl, new Date());
      for (const values of DEBTORS) {
        const debtor = await buildDebtor(trx, nl, { number: values.number });
        await trx
          .updateTable('debtors')
          .set({ risk_score: values.risk })
          .where('id', '=', debtor.id)
          .execute();
        await insertCallTask(trx, nl, {
          debtorId: debtor.id,
          dueDate: addDays(today, -values.overdue),
          total: values.total,
        });
      }
      const later = await buildDebtor(trx, nl, { number: 'LATER' });
      laterTaskId = await insertCallTask(trx, nl, {
        debtorId: later.id,
        dueDate: addDays(today, -9),
        total: '9000.00',
      });
      await trx
        .updateTable('call_tasks')
        .set({ retry_on: addDays(today, 1), attempts: 2, outcome: 'no_answer' })
        .where('id', '=', laterTaskId)
        .execute();
      be = await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' });
      const brussels = await buildDebtor(trx, be, { number: 'BRUSSELS' });
      await insertCallTask(trx, be, {
        debtorId: brussels.id,
        dueDate: todayForEntity(be, new Date()),
        total: '40.00',
      });
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const uk = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const debtor = await buildDebtor(trx, uk, { number: 'OTHER-ORGANISATION' });
      await insertCallTask(trx, uk, {
        debtorId: debtor.id,
        dueDate: todayForEntity(uk, new Date()),
        total: '5.00',
      });
    });

    await addUser(database, organisationId, { username: 'mona', group: 'manager' });
    await addUser(database, organisationId, {
      username: 'bea',
      group: 'credit-manager',
      entityIds: [be.id],
    });
    for (const username of ['carla', 'bert', 'mona', 'bea']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('needs a login', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/call-tasks' });

    expect(response.statusCode).toBe(401);
  });

  it('needs dunning.read', async () => {
    const response = await getList('mona');

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('dunning.read');
  });

  it('orders by priority by default', async () => {
    const response = await getList('carla', '?entity=NL01');

    expect(response.statusCode).toBe(200);
    expect(numbersOf(response)).toEqual(['B', 'A', 'C', 'E', 'D']);
  });

  it.each([
    ['amount', ['A', 'C', 'B', 'E', 'D']],
    ['risk', ['E', 'D', 'B', 'A', 'C']],
    ['due_date', ['A', 'B', 'C', 'D', 'E']],
    ['priority', ['B', 'A', 'C', 'E', 'D']],
  ])('orders by %s', async (sort, expected) => {
    const response = await getList('carla', `?entity=NL01&sort=${sort}`);

    expect(numbersOf(response)).toEqual(expected);
  });

  it('rejects an unknown sort', async () => {
    const response = await getList('carla', '?sort=name');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
  });

  it('hides tasks retried later by default', async () => {
    const hidden = await getList('carla', '?entity=NL01');
    const shown = await getList('carla', '?entity=NL01&showLater=true&sort=due_date');
    const later = (shown.json() as Array<{ id: string }>).find((task) => task.id === laterTaskId);

    expect(numbersOf(hidden)).not.toContain('LATER');
    expect(numbersOf(shown)[0]).toBe('LATER');
    expect(later).toMatchObject({
      attempts: 2,
      retryOn: addDays(today, 1),
      outcome: 'no_answer',
      debtor: { number: 'LATER', riskScore: null },
    });
  });

  it('shows attempts and risk', async () => {
    const response = await getList('carla', '?entity=NL01&sort=risk');

    expect(response.json()[0]).toMatchObject({
      attempts: 0,
      retryOn: null,
      debtor: { number: 'E', riskScore: 150 },
    });
  });

  it('lists every entity without a filter', async () => {
    const response = await getList('carla');

    expect(numbersOf(response)).toContain('BRUSSELS');
    expect(numbersOf(response)).not.toContain('OTHER-ORGANISATION');
  });

  it('entity-limited user sees its entity', async () => {
    const all = await getList('bea');
    const nlOnly = await getList('bea', '?entity=NL01');

    expect(numbersOf(all)).toEqual(['BRUSSELS']);
    expect(nlOnly.statusCode).toBe(404);
  });

  it('other organisation sees its own', async () => {
    const response = await getList('bert');

    expect(numbersOf(response)).toEqual(['OTHER-ORGANISATION']);
  });

  it('entity of another organisation is not found', async () => {
    const response = await getList('bert', '?entity=NL01');

    expect(response.statusCode).toBe(404);
  });
});
