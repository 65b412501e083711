import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildPayment,
} from '../../debtors/test-factories.ts';
import { assignDebtorSegments } from '../../segments/assign-debtor-segments.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildTestUser } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface SegmentListEntry {
  id: string;
  name: string;
  isDefault: boolean;
  debtorCount: number;
  totals: Array<{ currency: string; open: string; overdue: string }>;
}

describe('debtor segment routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let entityId: string;
  const sessions: Record<string, LoggedIn> = {};
  const debtorIds: Record<string, string> = {};
  let keyAccountsId: string;
  let defaultId: string;

  const get = (username: string, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const put = (username: string, debtorId: string, payload: object) =>
    server.app.inject({
      method: 'PUT',
      url: `/api/debtors/${debtorId}/segment`,
      headers: sessions[username]?.headers ?? {},
      payload,
    });
  const segmentList = async (): Promise<SegmentListEntry[]> =>
    (await get('anna', '/api/segments')).json();

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    organisationId = a.organisationId;
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    await buildTestUser(database, organisationId, { username: 'otto', group: 'auditor' });
    await withOrganisation(database, organisationId, async (trx) => {
      const entity = await buildEntity(trx, organisationId);
      entityId = entity.id;
      const acme = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      debtorIds.acme = acme.id;
      const overdue = await buildInvoice(trx, acme, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      await buildPayment(trx, overdue, { amountMinor: 20_000, paymentDate: '2025-03-10' });
      await buildInvoice(trx, acme, { number: 'INV-2', amountMinor: 5_000, dueDate: '2099-01-01' });
      const beta = await buildDebtor(trx, entity, { number: '1002', name: 'Beta Foods' });
      debtorIds.beta = beta.id;
    });
    for (const username of ['anna', 'bert', 'otto']) {
      sessions[username] = await logInAs(server.app, username);
    }
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/segments',
      headers: sessions.anna?.headers ?? {},
      payload: {
        name: 'Key accounts',
        priority: 10,
        rules: [{ field: 'openTotal', operator: 'greaterThan', value: 1_000_000 }],
        profileId: (await get('anna', '/api/profiles')).json()[0].id,
      },
    });
    keyAccountsId = created.json().id;
    defaultId = (await segmentList()).find((segment) => segment.isDefault)?.id ?? '';
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('put pins a debtor and logs who did it', async () => {
    const response = await put('anna', debtorIds.acme ?? '', {
      segmentId: keyAccountsId,
      pinned: true,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      segment: { id: keyAccountsId, name: 'Key accounts' },
      pinned: true,
      pinnedBy: 'anna',
    });
    expect(response.json().history).toEqual([
      {
        changedAt: expect.any(String),
        from: null,
        to: { id: keyAccountsId, name: 'Key accounts' },
        reason: 'pinned by anna',
        source: 'manual',
        changedBy: expect.any(String),
      },
    ]);
  });

  it('pinned debtor stays when the rules run', async () => {
    await withOrganisation(testDatabase.database, organisationId, (trx) =>
      assignDebtorSegments(trx, {
        organisationId,
        entityId,
        asOf: '2026-01-01',
        source: 'nightly',
        actor: 'test',
      }),
    );
    const acme = (await get('anna', `/api/debtors/${debtorIds.acme}/segment`)).json();
    const beta = (await get('anna', `/api/debtors/${debtorIds.beta}/segment`)).json();

    expect(acme.segment.id).toBe(keyAccountsId);
    expect(acme.history).toHaveLength(1);
    expect(beta.segment.id).toBe(defaultId);
    expect(beta.history[0].reason).toBe('no rule matched: default segment "Default"');
  });

  it('segment list counts debtors and sums amounts', async () => {
    const segments = await segmentList();
    const keyAccounts = segments.find((segment) => segment.id === keyAccountsId);
    const fallback = segments.find((segment) => segment.id === defaultId);

    expect(keyAccounts?.debtorCount).toBe(1);
    expect(keyAccounts?.totals).toEqual([{ currency: 'EUR', open: '850.00', overdue: '800.00' }]);
    expect(fallback?.debtorCount).toBe(1);
    expect(fallback?.totals).toEqual([]);
  });

  it('put unpins and logs it', async () => {
    const response = await put('anna', debtorIds.acme ?? '', {
      segmentId: keyAccountsId,
      pinned: false,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ pinned: false, pinnedBy: null, pinnedAt: null });
    expect(response.json().history[0]).toMatchObject({
      from: { id: keyAccountsId },
      to: { id: keyAccountsId },
      reason: 'unpinned by anna',
    });
  });

  it('put with the same values logs nothing', async () => {
    const response = await put('anna', debtorIds.acme ?? '', {
      segmentId: keyAccountsId,
      pinned: false,
    });

    expect(response.json().history).toHaveLength(2);
  });

  it('put rejects an unknown segment', async () => {
    const response = await put('anna', debtorIds.acme ?? '', {
      segmentId: randomUUID(),
      pinned: true,
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/segmentId: segment .* does not exist/);
  });

  it('put needs debtors.manage', async () => {
    const response = await put('otto', debtorIds.acme ?? '', {
      segmentId: defaultId,
      pinned: true,
    });

    expect(response.statusCode).toBe(403);
    expect((await get('otto', `/api/debtors/${debtorIds.acme}/segment`)).statusCode).toBe(200);
  });

  it('other organisation sees and changes nothing', async () => {
    const change = await put('bert', debtorIds.acme ?? '', {
      segmentId: keyAccountsId,
      pinned: true,
    });
    const read = await get('bert', `/api/debtors/${debtorIds.acme}/segment`);

    expect(change.statusCode).toBe(404);
    expect(read.statusCode).toBe(404);
  });
});
