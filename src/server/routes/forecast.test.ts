import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';
import { buildTestUser, createTestGroup, permissionsWithout } from '../testing/access-fixtures.ts';

interface ForecastJson {
  entity: string;
  from: string;
  days: Array<{
    date: string;
    email: number;
    letter: number;
    sms: number;
    call: number;
    fax: number;
    handover: number;
    instalmentReminders: number;
    notSendingDay?: { kind: string; reason: string; nextSendingDay: string };
  }>;
  totals: Record<string, number>;
}

/** A Monday: the forecast's first week ends with a weekend. */
const from = '2025-03-03';

/**
 * The forecast route: it needs dunning.read, keeps to the caller's
 * entities and organisation, and validates its query. NL01 works Monday to
 * Friday and has one debtor with an invoice due on 2025-02-20, so the
 * default profile's first steps fall due in the forecast.
 */
describe('dunning forecast route', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let nl: Entity;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string, query: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/dunning/forecast${query}`,
      headers: sessions[username]?.headers ?? {},
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    let be: Entity | undefined;
    await withOrganisation(database, a.organisationId, async (trx) => {
      nl = await buildEntity(trx, a.organisationId, {
        code: 'NL01',
        workingDays: [1, 2, 3, 4, 5],
      });
      be = await buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' });
      const debtor = await buildDebtor(trx, nl, { number: '1001', name: 'Acme Trading BV' });
      await buildInvoice(trx, debtor, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-02-20',
      });
    });
    await createTestGroup(database, a.organisationId, {
      slug: 'no-dunning',
      permissions: permissionsWithout('dunning.read'),
    });
    await buildTestUser(database, a.organisationId, { username: 'nodunning', group: 'no-dunning' });
    await buildTestUser(database, a.organisationId, {
      username: 'beonly',
      group: 'credit-manager',
      entityIds: [be?.id ?? ''],
    });
    for (const username of ['anna', 'bert', 'nodunning', 'beonly']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 300_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('forecasts every day with reasons', async () => {
    const response = await get('anna', `?entity=NL01&date=${from}&days=7`);
    const body: ForecastJson = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.entity).toBe('NL01');
    expect(body.from).toBe(from);
    expect(body.days.map((day) => day.date)).toEqual([
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
    ]);
    expect(body.days[5]).toEqual({
      date: '2025-03-08',
      email: 0,
      letter: 0,
      sms: 0,
      call: 0,
      fax: 0,
      handover: 0,
      instalmentReminders: 0,
      notSendingDay: {
        kind: 'not_working_day',
        reason: 'Saturday is not a working day',
        nextSendingDay: '2025-03-10',
      },
    });
    expect(body.days[0]?.notSendingDay).toBeUndefined();
    const sum = (channel: string) =>
      body.days.reduce((total, day) => total + Number(day[channel as keyof typeof day]), 0);
    expect(body.totals).toEqual({
      email: sum('email'),
      letter: sum('letter'),
      sms: sum('sms'),
      call: sum('call'),
      fax: sum('fax'),
      handover: sum('handover'),
      instalmentReminders: sum('instalmentReminders'),
    });
    expect(Object.values(body.totals).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('writes nothing', async () => {
    await get('anna', `?entity=NL01&date=${from}&days=7`);
    const batches = await server.app.inject({
      method: 'GET',
      url: `/api/batches?entity=NL01&date=${from}`,
      headers: sessions.anna?.headers ?? {},
    });

    expect(batches.json()).toEqual([]);
  });

  it('defaults to 30 days from the entity today', async () => {
    const body: ForecastJson = (await get('anna', '?entity=NL01')).json();

    expect(body.from).toBe(todayForEntity(nl, new Date()));
    expect(body.days).toHaveLength(30);
  });

  it('requires a login', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/dunning/forecast?entity=NL01',
    });

    expect(response.statusCode).toBe(401);
  });

  it('requires dunning.read', async () => {
    const response = await get('nodunning', '?entity=NL01');

    expect(response.statusCode).toBe(403);
  });

  it('hides an entity outside the user scope', async () => {
    const inScope = await get('beonly', '?entity=BE01&days=1');
    const outOfScope = await get('beonly', '?entity=NL01&days=1');

    expect(inScope.statusCode).toBe(200);
    expect(outOfScope.statusCode).toBe(404);
  });

  it('shows another organisation nothing', async () => {
    const response = await get('bert', '?entity=NL01&days=1');

    expect(response.statusCode).toBe(404);
  });

  it('rejects a date outside 2000 to 2099', async () => {
    for (const date of ['1900-01-01', '1999-12-31', '2100-01-01', '9999-12-31']) {
      const response = await get('anna', `?entity=NL01&date=${date}`);

      expect(response.statusCode, date).toBe(400);
      expect(response.json().error.details, date).toEqual({
        fields: [
          { field: 'querystring.date', message: 'use a date from 2000-01-01 to 2099-12-31' },
        ],
      });
    }
  });

  it('forecasts from the last day of the range', async () => {
    const response = await get('anna', '?entity=NL01&date=2099-12-31&days=90');

    expect(response.statusCode).toBe(200);
    expect(response.json().days).toHaveLength(90);
  });

  it('rejects invalid input naming the field', async () => {
    const cases = [
      ['entity=NL01&date=2025-02-30', 'querystring.date'],
      ['entity=NL01&date=03-03-2025', 'querystring.date'],
      ['entity=NL01&days=0', 'querystring.days'],
      ['entity=NL01&days=91', 'querystring.days'],
      ['entity=NL01&days=ten', 'querystring.days'],
      ['date=2025-03-03', 'querystring.entity'],
    ] as const;
    for (const [query, field] of cases) {
      const response = await get('anna', `?${query}`);

      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json().error.details), query).toContain(field);
    }
  });
});
