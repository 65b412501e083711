import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildInvoice } from '../../debtors/test-factories.ts';
import { buildWizardTenant } from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

describe('provisioning and organisation routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let nl01Id: string;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: { cookie: sessions[username]?.cookie ?? '' },
    });
  const send = (
    method: 'PUT' | 'PATCH' | 'POST',
    username: string,
    url: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: sessions[username]?.headers ?? {},
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const tenant = await buildWizardTenant(database, {
      slug: 'a',
      entityCodes: ['NL01', 'DE01'],
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'cora', group: 'credit-manager' },
        { username: 'mona', group: 'manager' },
        { username: 'ella', group: 'administrator', entity: 'DE01' },
      ],
    });
    organisationId = tenant.organisationId;
    await withOrganisation(database, organisationId, async (trx) => {
      const entity = tenant.entities.NL01;
      if (!entity) {
        throw new Error('entity NL01 missing');
      }
      nl01Id = entity.id;
      const acme = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      await buildInvoice(trx, acme, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      await buildInvoice(trx, acme, {
        number: 'INV-2',
        amountMinor: 20_000,
        dueDate: '2025-03-01',
      });
      const late = await buildDebtor(trx, entity, { number: '1002', name: 'Late Payer' });
      await buildInvoice(trx, late, {
        number: 'INV-3',
        amountMinor: 70_000,
        dueDate: '2025-02-10',
      });
      const held = await buildDebtor(trx, entity, { number: '1003', name: 'Held BV' });
      await buildInvoice(trx, held, {
        number: 'INV-4',
        amountMinor: 5_000,
        dueDate: '2025-03-01',
        holdReason: 'DSP',
      });
    });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    for (const username of ['anna', 'cora', 'mona', 'ella', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('progress starts at the first step', async () => {
    const response = await get('anna', '/api/provisioning');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      live: false,
      liveSince: null,
      currentStep: 'organisation',
      steps: [
        'organisation',
        'entities',
        'users',
        'processes',
        'segments',
        'profiles',
        'channels',
        'import',
        'review',
      ].map((key) => ({ key, done: false })),
      goLiveProblems: [expect.objectContaining({ key: 'email.missing' })],
    });
  });

  it('progress is stored and resumed', async () => {
    const first = await send('PUT', 'anna', '/api/provisioning', {
      completedStep: 'organisation',
      currentStep: 'entities',
    });
    await send('PUT', 'anna', '/api/provisioning', { completedStep: 'organisation' });
    const resumed = await get('anna', '/api/provisioning');
    const audit = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('after')
        .where('action', '=', 'provisioning.updated')
        .execute(),
    );

    expect(first.statusCode).toBe(200);
    expect(resumed.json().currentStep).toBe('entities');
    expect(resumed.json().steps.filter((step: { done: boolean }) => step.done)).toEqual([
      { key: 'organisation', done: true },
    ]);
    expect(audit).toHaveLength(2);
    expect(audit[0]?.after).toEqual({ currentStep: 'entities', completedSteps: ['organisation'] });
  });

  it('progress rejects unknown steps', async () => {
    const unknown = await send('PUT', 'anna', '/api/provisioning', { currentStep: 'launch' });
    const empty = await send('PUT', 'anna', '/api/provisioning', {});

    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('currentStep');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('give currentStep, completedStep or both');
  });

  it('organisation is read and renamed', async () => {
    const renamed = await send('PATCH', 'anna', '/api/organisation', { name: '  Acme Group  ' });
    const read = await get('anna', '/api/organisation');
    const otherOrganisation = await get('bert', '/api/organisation');

    expect(renamed.statusCode).toBe(200);
    expect(read.json()).toEqual({
      id: organisationId,
      slug: 'a',
      name: 'Acme Group',
      live: false,
      liveSince: null,
    });
    expect(otherOrganisation.json()).toMatchObject({
      slug: 'b',
      name: 'Organisation b',
      live: true,
    });
  });

  it('organisation rename rejects an empty name', async () => {
    const response = await send('PATCH', 'anna', '/api/organisation', { name: ' ' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('name');
  });

  it('review lists what the first run would send', async () => {
    const before = await countRuns();
    const response = await get('anna', '/api/provisioning/review?entity=NL01&date=2025-03-08');
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.entity).toBe('NL01');
    expect(body.asOf).toBe('2025-03-08');
    expect(body.messages).toEqual([
      {
        debtorId: expect.any(String),
        debtorNumber: '1001',
        debtorName: 'Acme Trading BV',
        channel: 'email',
        step: 'First reminder',
        totalMinor: 120_000,
        currency: 'EUR',
        invoiceCount: 2,
        recipient: '1001@example.com',
      },
      expect.objectContaining({ debtorNumber: '1002', step: 'Second reminder', invoiceCount: 1 }),
    ]);
    expect(body.callTasks).toBe(0);
    expect(body.skipped).toEqual([
      {
        debtorNumber: '1003',
        debtorName: 'Held BV',
        step: 'First reminder',
        reason: 'on_hold',
        invoices: ['INV-4'],
        onHold: [{ number: 'INV-4', holdReason: 'DSP' }],
      },
    ]);
    expect(body.summary.messages).toEqual({ created: 2, skipped: 1 });
    expect(await countRuns()).toBe(before);
  });

  it('review shows call tasks', async () => {
    // INV-3 is 42 days past due on 24 March: the phone call step.
    const response = await get('anna', '/api/provisioning/review?entity=NL01&date=2025-03-24');

    expect(response.json().callTasks).toBe(1);
    expect(response.json().calls).toEqual([
      expect.objectContaining({ channel: 'call', step: expect.any(String), invoiceCount: 1 }),
    ]);
  });

  it('review says why a date is no sending day', async () => {
    await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .insertInto('entity_holidays')
        .values({
          organisation_id: organisationId,
          entity_id: nl01Id,
          holiday: '2025-03-12',
          name: 'Stocktaking',
        })
        .execute(),
    );
    const closed = await get('anna', '/api/provisioning/review?entity=NL01&date=2025-03-12');
    const open = await get('anna', '/api/provisioning/review?entity=NL01&date=2025-03-13');

    expect(closed.json()).toMatchObject({
      messages: [],
      notSendingDay: { kind: 'closing_day', nextSendingDay: '2025-03-13' },
    });
    expect(open.json().notSendingDay).toBeUndefined();
  });

  it('review rejects an invalid date', async () => {
    const response = await get('anna', '/api/provisioning/review?entity=NL01&date=2025-02-30');

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('date');
  });

  it('routes require a login', async () => {
    const requests = [
      server.app.inject({ method: 'GET', url: '/api/provisioning' }),
      server.app.inject({
        method: 'PUT',
        url: '/api/provisioning',
        payload: { currentStep: 'users' },
      }),
      server.app.inject({ method: 'GET', url: '/api/provisioning/review?entity=NL01' }),
      server.app.inject({ method: 'GET', url: '/api/organisation' }),
      server.app.inject({ method: 'PATCH', url: '/api/organisation', payload: { name: 'X' } }),
      server.app.inject({ method: 'POST', url: '/api/organisation/go-live' }),
    ];

    for (const response of await Promise.all(requests)) {
      expect(response.statusCode).toBe(401);
    }
  });

  it('reading needs settings.read', async () => {
    for (const url of [
      '/api/provisioning',
      '/api/organisation',
      '/api/provisioning/review?entity=NL01',
    ]) {
      const response = await get('mona', url);
      expect(response.statusCode, url).toBe(403);
    }
  });

  it('changing needs settings.manage', async () => {
    const progress = await send('PUT', 'cora', '/api/provisioning', { currentStep: 'users' });
    const rename = await send('PATCH', 'cora', '/api/organisation', { name: 'Taken over' });
    const goLive = await send('POST', 'cora', '/api/organisation/go-live');
    const readable = await get('cora', '/api/provisioning');

    expect(progress.statusCode).toBe(403);
    expect(rename.statusCode).toBe(403);
    expect(goLive.statusCode).toBe(403);
    expect(readable.statusCode).toBe(200);
  });

  it('review of another entity is not found', async () => {
    const otherEntity = await get('ella', '/api/provisioning/review?entity=NL01&date=2025-03-08');
    const ownEntity = await get('ella', '/api/provisioning/review?entity=DE01&date=2025-03-08');

    expect(otherEntity.statusCode).toBe(404);
    expect(ownEntity.statusCode).toBe(200);
    expect(ownEntity.json().messages).toEqual([]);
  });

  it('review of another organisation is not found', async () => {
    const response = await get('bert', '/api/provisioning/review?entity=NL01&date=2025-03-08');

    expect(response.statusCode).toBe(404);
  });

  async function countRuns(): Promise<number> {
    const row = await testDatabase.database.db
      .selectFrom('dunning_runs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
});
