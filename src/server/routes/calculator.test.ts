import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/create-user.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { saveInterestRateTable } from '../../interest/save-rate-table.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  TEST_PASSWORD,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface InterestBody {
  interest: string;
  periods: Array<{ from: string; to: string; days: number; rate: string; base: string }>;
  table: { source: string; coveredThrough: string };
  beyondTable: { coveredThrough: string; appliedRate: string } | null;
  warning?: string;
}

describe('calculator routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  const sessions: Record<string, LoggedIn> = {};

  const post = (username: string | undefined, path: string, payload: object) =>
    server.app.inject({
      method: 'POST',
      url: `/api/calculator/${path}`,
      headers: username ? sessions[username]?.headers : {},
      payload,
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    await withOrganisation(database, a.organisationId, async (trx) => {
      await createUser(trx, {
        organisationId: a.organisationId,
        actor: 'test',
        username: 'dirk',
        email: 'dirk@example.com',
        name: 'dirk',
        password: TEST_PASSWORD,
        group: 'dispute-handler',
      });
      // Organisation a's commercial table stops at the end of 2024; b keeps the built-in one.
      await saveInterestRateTable(trx, {
        organisationId: a.organisationId,
        actor: 'test',
        kind: 'commercial',
        coveredThrough: '2024-12-31',
        entries: [
          { from: '2024-01-01', basisPoints: 1250 },
          { from: '2024-07-01', basisPoints: 1225 },
        ],
      });
    });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert', group: 'auditor' });
    for (const username of ['carla', 'dirk', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  });

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  it('rejects a request without a session', async () => {
    const costs = await post(undefined, 'costs', { principal: '3000.00' });
    const interest = await post(undefined, 'interest', {
      principal: '2500.00',
      from: '2024-01-15',
      to: '2024-03-14',
      kind: 'commercial',
    });

    expect(costs.statusCode).toBe(401);
    expect(interest.statusCode).toBe(401);
  });

  it('rejects a user without debtors.read', async () => {
    const response = await post('dirk', 'costs', { principal: '3000.00' });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('debtors.read') },
    });
  });

  it('calculates the costs of 3,000.00 by bracket', async () => {
    const response = await post('carla', 'costs', { principal: '3000.00' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      principal: '3000.00',
      vatRate: '0.00',
      net: '425.00',
      vat: '0.00',
      costs: '425.00',
      brackets: [
        { from: '0.00', to: '2500.00', rate: '15.00', base: '2500.00', amount: '375.00' },
        { from: '2500.00', to: '5000.00', rate: '10.00', base: '500.00', amount: '50.00' },
      ],
      limit: null,
    });
  });

  it('adds 21 % VAT to the costs', async () => {
    const response = await post('carla', 'costs', { principal: '3000.00', vatRate: '21' });

    expect(response.json()).toMatchObject({
      vatRate: '21.00',
      net: '425.00',
      vat: '89.25',
      costs: '514.25',
    });
  });

  it.each([
    ['100.00', '40.00', 'minimum', 1],
    ['2000000.00', '6775.00', 'maximum', 5],
  ])('applies the scale limit to %s', async (principal, net, limit, bracketCount) => {
    const response = await post('carla', 'costs', { principal });
    const body = response.json() as { net: string; limit: string; brackets: unknown[] };

    expect(body.net).toBe(net);
    expect(body.limit).toBe(limit);
    expect(body.brackets).toHaveLength(bracketCount);
  });

  it('calculates commercial interest on 2,500.00', async () => {
    const response = await post('carla', 'interest', {
      principal: '2500.00',
      from: '2024-01-15',
      to: '2024-03-14',
      kind: 'commercial',
    });
    const body = response.json() as InterestBody;

    expect(response.statusCode).toBe(200);
    expect(body.interest).toBe('51.37');
    expect(body.periods).toEqual([
      {
        from: '2024-01-15',
        to: '2024-03-14',
        days: 60,
        rate: '12.50',
        base: '2500.00',
        interest: '51.37',
      },
    ]);
    expect(body.table).toEqual({ source: 'organisation', coveredThrough: '2024-12-31' });
    expect(body.beyondTable).toBeNull();
    expect(body.warning).toBeUndefined();
  });

  it('warns past the updated table', async () => {
    const response = await post('carla', 'interest', {
      principal: '2500.00',
      from: '2024-06-01',
      to: '2025-03-31',
      kind: 'commercial',
    });
    const body = response.json() as InterestBody;

    expect(body.beyondTable).toEqual({ coveredThrough: '2024-12-31', appliedRate: '12.25' });
    expect(body.warning).toBe(
      'The commercial rate table covers days up to 2024-12-31; later days use its last rate of 12.25%. Update the rate table.',
    );
    expect(body.periods.at(-1)?.rate).toBe('12.25');
  });

  it("uses the other organisation's own table", async () => {
    const response = await post('bert', 'interest', {
      principal: '2500.00',
      from: '2024-06-01',
      to: '2025-03-31',
      kind: 'commercial',
    });
    const body = response.json() as InterestBody;

    expect(response.statusCode).toBe(200);
    expect(body.table).toEqual({ source: 'built-in', coveredThrough: '2025-12-31' });
    expect(body.beyondTable).toBeNull();
    expect(body.periods.at(-1)).toMatchObject({ from: '2025-01-01', rate: '11.15' });
  });

  it('calculates contractual interest at the given rate', async () => {
    const response = await post('carla', 'interest', {
      principal: '1000.00',
      from: '2023-01-01',
      to: '2024-12-31',
      kind: 'contractual',
      rate: '8',
      dayCount: 'actact',
    });
    const body = response.json() as InterestBody;

    expect(response.statusCode).toBe(200);
    // 80.00 in the first year, then 8% of 1,080.00 for the leap year 2024: 86.40.
    expect(body.interest).toBe('166.40');
    expect(body.table.source).toBe('contractual');
    expect(body.beyondTable).toBeNull();
  });

  it.each([
    ['costs', { principal: '3000,00' }, /principal: use euros with a decimal point/],
    ['costs', { principal: '0.00' }, /principal: use an amount from 0\.01/],
    ['costs', { principal: '10.00', vatRate: '121' }, /vatRate: use a percentage from 0\.00/],
    [
      'interest',
      { principal: '10.00', from: '2024-01-01', to: '2024-02-01', kind: 'contractual' },
      /rate: give a rate with kind contractual, and only then/,
    ],
    [
      'interest',
      { principal: '10.00', from: '2024-01-01', to: '2024-02-01', kind: 'consumer', rate: '8' },
      /rate: give a rate with kind contractual, and only then/,
    ],
    ['interest', { principal: '10.00', from: '2024-01-01', to: '2024-02-01', kind: 'b2b' }, /kind/],
    [
      'interest',
      { principal: '10.00', from: '2024-03-01', to: '2024-02-01', kind: 'consumer' },
      /^to: 2024-02-01 lies before from 2024-03-01/,
    ],
    [
      'interest',
      { principal: '10.00', from: '2000-06-01', to: '2001-02-01', kind: 'consumer' },
      /^from: the consumer rate table starts on 2001-01-01/,
    ],
    [
      'interest',
      { principal: '10.00', from: '2024-01-01', to: '2100-01-01', kind: 'consumer' },
      /to: use a date from 2000-01-01 to 2099-12-31/,
    ],
  ])('rejects bad %s input %j', async (path, payload, message) => {
    const response = await post('carla', path, payload);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: { code: 'invalid_input', message: expect.stringMatching(message) },
    });
  });
});
