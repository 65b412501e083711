import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { LoggedIn } from '../test-server.ts';
import {
  buildTwoEntityTenant,
  FIXTURE_RUN_DATE,
  type TwoEntityTenant,
} from '../testing/two-entity-tenant.ts';

/**
 * The data routes under entity scope and tenant isolation. A user limited
 * to NL01 gets 404 for the ids and the code of BE01 and no BE01 rows in
 * lists. A user of another organisation gets the same for both entities.
 */
describe('data routes across entities and organisations', () => {
  let testDatabase: TestDatabase;
  let tenant: TwoEntityTenant;

  const get = (session: LoggedIn, url: string) =>
    tenant.server.app.inject({ method: 'GET', url, headers: session.headers });
  const post = (session: LoggedIn, url: string, payload?: object) =>
    tenant.server.app.inject({
      method: 'POST',
      url,
      headers: session.headers,
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    tenant = await buildTwoEntityTenant(testDatabase.database);
  }, 180_000);

  afterAll(async () => {
    await tenant.server.app.close();
    await testDatabase.drop();
  });

  it('administrator sees both entities', async () => {
    const entities = (await get(tenant.admin, '/api/entities')).json();
    const debtors = (await get(tenant.admin, `/api/debtors?date=${FIXTURE_RUN_DATE}`)).json();

    expect(entities.map((entity: { code: string }) => entity.code).sort()).toEqual([
      'BE01',
      'NL01',
    ]);
    expect(debtors.total).toBe(6);
  });

  describe('user limited to NL01', () => {
    it('entities lists only NL01', async () => {
      const response = await get(tenant.nlOnly, '/api/entities');

      expect(response.statusCode).toBe(200);
      expect(response.json().map((entity: { code: string }) => entity.code)).toEqual(['NL01']);
    });

    it('debtor list has only NL01 debtors', async () => {
      const response = await get(tenant.nlOnly, `/api/debtors?date=${FIXTURE_RUN_DATE}`);
      const codes = response.json().items.map((item: { entityCode: string }) => item.entityCode);

      expect(response.statusCode).toBe(200);
      expect(codes).toEqual(['NL01', 'NL01', 'NL01']);
    });

    it('debtor list of BE01 returns 404', async () => {
      const response = await get(tenant.nlOnly, '/api/debtors?entity=BE01');

      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    });

    it('debtor card of BE01 returns 404', async () => {
      const own = await get(tenant.nlOnly, `/api/debtors/${tenant.nl.debtorId}`);
      const other = await get(tenant.nlOnly, `/api/debtors/${tenant.be.debtorId}`);

      expect(own.statusCode).toBe(200);
      expect(other.statusCode).toBe(404);
    });

    it('batch list has only NL01 batches', async () => {
      const all = await get(tenant.nlOnly, `/api/batches?date=${FIXTURE_RUN_DATE}`);
      const byCode = await get(tenant.nlOnly, '/api/batches?entity=BE01');
      const ids = all.json().map((batch: { id: string }) => batch.id);

      expect(ids.sort()).toEqual([...tenant.nl.batchIds].sort());
      expect(byCode.statusCode).toBe(404);
    });

    it('batch of BE01 returns 404', async () => {
      const own = await get(tenant.nlOnly, `/api/batches/${tenant.nl.approvedBatchId}`);
      const other = await get(tenant.nlOnly, `/api/batches/${tenant.be.approvedBatchId}`);

      expect(own.statusCode).toBe(200);
      expect(other.statusCode).toBe(404);
    });

    it('approving a BE01 batch returns 404', async () => {
      const response = await post(
        tenant.nlOnly,
        `/api/batches/${tenant.be.approvedBatchId}/approve`,
      );

      expect(response.statusCode).toBe(404);
    });

    it('messages of BE01 return 404', async () => {
      const messageId = tenant.be.messageId;
      const preview = await get(tenant.nlOnly, `/api/messages/${messageId}/preview`);
      const pdf = await get(tenant.nlOnly, `/api/messages/${messageId}/pdf`);
      const remove = await post(tenant.nlOnly, `/api/messages/${messageId}/remove`);
      const ownPreview = await get(tenant.nlOnly, `/api/messages/${tenant.nl.messageId}/preview`);

      expect(preview.statusCode).toBe(404);
      expect(pdf.statusCode).toBe(404);
      expect(remove.statusCode).toBe(404);
      expect(ownPreview.statusCode).toBe(200);
    });

    it('outbox has only NL01 messages', async () => {
      const admin = (await get(tenant.admin, '/api/outbox')).json();
      const scoped = (await get(tenant.nlOnly, '/api/outbox')).json();

      expect(admin.map((item: { entityCode: string }) => item.entityCode)).toContain('BE01');
      expect(scoped.length).toBeGreaterThan(0);
      expect(scoped.map((item: { entityCode: string }) => item.entityCode)).not.toContain('BE01');
    });

    it('call list has only NL01 tasks', async () => {
      const all = (await get(tenant.nlOnly, '/api/call-tasks')).json();
      const byCode = await get(tenant.nlOnly, '/api/call-tasks?entity=BE01');
      const ids = all.map((task: { id: string }) => task.id);

      expect(ids).toContain(tenant.nl.callTaskId);
      expect(ids).not.toContain(tenant.be.callTaskId);
      expect(byCode.statusCode).toBe(404);
    });

    it('dunning run of BE01 returns 404', async () => {
      const response = await post(tenant.nlOnly, '/api/dunning-runs', {
        entity: 'BE01',
        date: FIXTURE_RUN_DATE,
        dryRun: true,
      });

      expect(response.statusCode).toBe(404);
    });

    it('ageing of BE01 returns 404', async () => {
      const own = await get(
        tenant.nlOnly,
        `/api/reports/ageing?entity=NL01&date=${FIXTURE_RUN_DATE}`,
      );
      const other = await get(tenant.nlOnly, '/api/reports/ageing?entity=BE01');

      expect(own.statusCode).toBe(200);
      expect(other.statusCode).toBe(404);
    });
  });

  describe('user of another organisation', () => {
    it('lists are empty', async () => {
      const other = tenant.otherAdmin;

      expect((await get(other, '/api/entities')).json()).toEqual([]);
      expect((await get(other, '/api/debtors')).json().items).toEqual([]);
      expect((await get(other, '/api/batches')).json()).toEqual([]);
      expect((await get(other, '/api/outbox')).json()).toEqual([]);
      expect((await get(other, '/api/call-tasks')).json()).toEqual([]);
    });

    it.each(['nl', 'be'] as const)('ids of %s return 404', async (side) => {
      const other = tenant.otherAdmin;
      const data = tenant[side];

      expect((await get(other, `/api/debtors/${data.debtorId}`)).statusCode).toBe(404);
      expect((await get(other, `/api/batches/${data.approvedBatchId}`)).statusCode).toBe(404);
      expect((await post(other, `/api/batches/${data.approvedBatchId}/approve`)).statusCode).toBe(
        404,
      );
      expect((await get(other, `/api/messages/${data.messageId}/preview`)).statusCode).toBe(404);
      expect((await get(other, `/api/messages/${data.messageId}/pdf`)).statusCode).toBe(404);
      expect((await post(other, `/api/messages/${data.messageId}/remove`)).statusCode).toBe(404);
    });

    it('entity codes return 404', async () => {
      const other = tenant.otherAdmin;
      const run = await post(other, '/api/dunning-runs', { entity: 'NL01', dryRun: true });

      expect((await get(other, '/api/debtors?entity=NL01')).statusCode).toBe(404);
      expect((await get(other, '/api/batches?entity=NL01')).statusCode).toBe(404);
      expect((await get(other, '/api/call-tasks?entity=NL01')).statusCode).toBe(404);
      expect((await get(other, '/api/reports/ageing?entity=NL01')).statusCode).toBe(404);
      expect(run.statusCode).toBe(404);
    });
  });

  it('rejected requests change nothing', async () => {
    const batch = (await get(tenant.admin, `/api/batches/${tenant.be.approvedBatchId}`)).json();
    const message = batch.messages.find(
      (candidate: { id: string }) => candidate.id === tenant.be.messageId,
    );

    expect(message.status).toBe('approved');
  });
});
