import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArrangement } from '../../arrangements/create-arrangement.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { addUser } from '../../home/test-factories.ts';
import { portalActor } from '../../portal/start-portal-payment.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** Far enough ahead that the first due date never lies before today while this test lives. */
const FIRST_DUE_DATE = '2090-01-31';

describe('arrangement routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  const sessions: Record<string, LoggedIn> = {};
  const invoices: Record<string, string> = {};
  let organisationId: string;
  let debtorId: string;
  let belgianDebtorId: string;
  let belgianInvoiceId: string;
  let otherOrganisationDebtorId: string;
  let otherOrganisationInvoiceId: string;

  const request = (
    username: string | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: username ? (sessions[username]?.headers ?? {}) : {},
      ...(payload && { payload }),
    });
  const create = (username: string | null, id: string, payload: object) =>
    request(username, 'POST', `/api/debtors/${id}/arrangements`, payload);
  const plan = (invoiceNumbers: string[], extra: object = {}) => ({
    invoiceIds: invoiceNumbers.map((number) => invoices[number]),
    instalmentCount: 3,
    frequency: 'monthly',
    firstDueDate: FIRST_DUE_DATE,
    source: 'card',
    ...extra,
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
    organisationId = a.organisationId;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });

    let belgianEntityId = '';
    await withOrganisation(database, a.organisationId, async (trx) => {
      const nl = await buildEntity(trx, a.organisationId, { code: 'NL01' });
      const be = await buildEntity(trx, a.organisationId, { code: 'BE01', country: 'BE' });
      belgianEntityId = be.id;
      const debtor = await buildDebtor(trx, nl, { number: 'D1' });
      debtorId = debtor.id;
      const other = await buildDebtor(trx, nl, { number: 'D2' });
      const rows: Array<[string, typeof debtor, number, string?]> = [
        ['INV-1', debtor, 100_00],
        ['INV-2', debtor, 200_00],
        ['INV-3', debtor, 50_00],
        ['INV-4', debtor, 70_00],
        ['INV-5', debtor, 80_00],
        ['INV-USD', debtor, 90_00, 'USD'],
        ['INV-OTHER', other, 40_00],
      ];
      for (const [number, owner, amountMinor, currency] of rows) {
        const invoice = await buildInvoice(trx, owner, {
          number,
          amountMinor,
          dueDate: '2024-03-01',
          ...(currency && { currency }),
        });
        invoices[number] = invoice.id;
      }
      const belgian = await buildDebtor(trx, be, { number: 'B1' });
      belgianDebtorId = belgian.id;
      belgianInvoiceId = (
        await buildInvoice(trx, belgian, {
          number: 'INV-BE',
          amountMinor: 30_00,
          dueDate: '2024-03-01',
        })
      ).id;
      await trx
        .insertInto('user_groups')
        .values({
          organisation_id: a.organisationId,
          slug: 'clerk',
          name: 'Clerk',
          permissions: ['debtors.read', 'debtors.manage'],
        })
        .execute();
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const entity = await buildEntity(trx, b.organisationId, { code: 'NL01' });
      const debtor = await buildDebtor(trx, entity, { number: 'X1' });
      otherOrganisationDebtorId = debtor.id;
      otherOrganisationInvoiceId = (
        await buildInvoice(trx, debtor, {
          number: 'INV-X',
          amountMinor: 10_00,
          dueDate: '2024-03-01',
        })
      ).id;
    });
    await addUser(database, a.organisationId, { username: 'clara', group: 'clerk' });
    await addUser(database, a.organisationId, { username: 'aud', group: 'auditor' });
    await addUser(database, a.organisationId, {
      username: 'bea',
      group: 'credit-manager',
      entityIds: [belgianEntityId],
    });
    for (const username of ['carla', 'clara', 'aud', 'bea', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  it('rejects a request without a session', async () => {
    const response = await create(null, debtorId, plan(['INV-1']));

    expect(response.statusCode).toBe(401);
  });

  it('rejects creating without debtors.manage', async () => {
    const response = await create('aud', debtorId, plan(['INV-1']));

    expect(response.statusCode).toBe(403);
  });

  it('creates an active arrangement for a credit manager', async () => {
    const response = await create('carla', debtorId, plan(['INV-1', 'INV-2'], { approve: true }));
    const body = response.json();

    expect(response.statusCode).toBe(201);
    expect(body.status).toBe('active');
    expect(body.total).toBe('300.00');
    expect(body.decidedBy).not.toBeNull();
    expect(body.instalments.map((instalment: { dueDate: string }) => instalment.dueDate)).toEqual([
      '2090-01-31',
      '2090-02-28',
      '2090-03-31',
    ]);
    expect(body.instalments.map((instalment: { amount: string }) => instalment.amount)).toEqual([
      '100.00',
      '100.00',
      '100.00',
    ]);
  });

  it('requests when the creator cannot approve', async () => {
    const response = await create('clara', debtorId, plan(['INV-3'], { approve: true }));

    expect(response.statusCode).toBe(201);
    expect(response.json().status).toBe('requested');
  });

  it('records a portal request as requested', async () => {
    const response = await create(
      'carla',
      debtorId,
      plan(['INV-4'], { source: 'portal', amounts: ['20.00', '20.00', '30.00'] }),
    );
    const body = response.json();

    expect(response.statusCode).toBe(201);
    expect(body.status).toBe('requested');
    expect(body.source).toBe('portal');
    expect(body.instalments.map((instalment: { amount: string }) => instalment.amount)).toEqual([
      '20.00',
      '20.00',
      '30.00',
    ]);
  });

  it.each([
    ['an invoice in another arrangement', [['INV-1', 'INV-5'], {}], 409, /INV-1 is in active/],
    ['mixed currencies', [['INV-5', 'INV-USD'], {}], 400, /EUR and USD|USD and EUR/],
    ['another debtor invoice', [['INV-OTHER'], {}], 400, /is not an invoice of this debtor/],
    [
      'amounts off the total',
      [['INV-5'], { amounts: ['10.00', '10.00', '10.00'] }],
      400,
      /sum to 30.00 EUR/,
    ],
    ['a first date before today', [['INV-5'], { firstDueDate: '2020-01-31' }], 400, /before today/],
    ['a date past 2099', [['INV-5'], { firstDueDate: '2099-11-30' }], 400, /2100-01-30/],
    ['one instalment', [['INV-5'], { instalmentCount: 1 }], 400, /instalmentCount/],
    ['no invoices', [[], {}], 400, /invoiceIds/],
  ] as const)('rejects %s', async (_name, [numbers, extra], status, message) => {
    const response = await create('carla', debtorId, plan([...numbers], extra));

    expect(response.statusCode).toBe(status);
    expect(response.json().error.message).toMatch(message);
  });

  it('hides a debtor of another entity', async () => {
    const response = await create('bea', debtorId, plan(['INV-5']));

    expect(response.statusCode).toBe(404);
  });

  it('lists no arrangements of a debtor of another entity or organisation', async () => {
    const otherEntity = await request('bea', 'GET', `/api/debtors/${debtorId}/arrangements`);
    const otherOrganisation = await request(
      'carla',
      'GET',
      `/api/debtors/${otherOrganisationDebtorId}/arrangements`,
    );

    expect(otherEntity.statusCode).toBe(404);
    expect(otherOrganisation.statusCode).toBe(404);
  });

  it('hides a debtor of another organisation', async () => {
    const response = await create('carla', otherOrganisationDebtorId, {
      ...plan([]),
      invoiceIds: [otherOrganisationInvoiceId],
    });

    expect(response.statusCode).toBe(404);
  });

  it('rejects an invoice of another organisation', async () => {
    const response = await create('carla', debtorId, {
      ...plan([]),
      invoiceIds: [otherOrganisationInvoiceId],
    });

    expect(response.statusCode).toBe(400);
  });

  it('lets a user of another entity use its own debtors', async () => {
    const response = await create('bea', belgianDebtorId, {
      ...plan([]),
      invoiceIds: [belgianInvoiceId],
    });

    expect(response.statusCode).toBe(201);
  });

  it('approves and rejects with a note', async () => {
    const [requested] = (
      await request('carla', 'GET', `/api/arrangements?status=requested&entity=NL01`)
    ).json();
    const forbidden = await request('clara', 'POST', `/api/arrangements/${requested.id}/approve`, {
      note: 'ok',
    });
    const approved = await request('carla', 'POST', `/api/arrangements/${requested.id}/approve`, {
      note: 'Agreed by phone',
    });
    const again = await request('carla', 'POST', `/api/arrangements/${requested.id}/reject`, {});

    expect(forbidden.statusCode).toBe(403);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'active', decisionNote: 'Agreed by phone' });
    expect(again.statusCode).toBe(409);
  });

  it('cancels and frees the invoices', async () => {
    const list = (await request('carla', 'GET', `/api/debtors/${debtorId}/arrangements`)).json();
    const first = list.find((item: { total: string }) => item.total === '300.00');
    const cancelled = await request('carla', 'POST', `/api/arrangements/${first.id}/cancel`, {
      note: 'Debtor paid in full elsewhere',
    });
    const recreated = await create('carla', debtorId, plan(['INV-1']));

    expect(cancelled.json().status).toBe('cancelled');
    expect(recreated.statusCode).toBe(201);
  });

  it('hides arrangements of other entities and organisations', async () => {
    const beaList = (await request('bea', 'GET', '/api/arrangements')).json();
    const bertList = (await request('bert', 'GET', '/api/arrangements')).json();
    const carlaList = (await request('carla', 'GET', '/api/arrangements')).json();
    const id = carlaList.find((item: { entityCode: string }) => item.entityCode === 'NL01').id;
    const bertCancel = await request('bert', 'POST', `/api/arrangements/${id}/cancel`, {});

    expect(beaList.map((item: { entityCode: string }) => item.entityCode)).toEqual(['BE01']);
    expect(bertList).toEqual([]);
    expect(bertCancel.statusCode).toBe(404);
  });

  it('audits creation and decisions', async () => {
    const events = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('action')
        .where('subject_type', '=', 'arrangement')
        .execute(),
    );
    const actions = new Set(events.map((event) => event.action));

    expect(actions).toEqual(
      new Set(['arrangement.created', 'arrangement.approved', 'arrangement.cancelled']),
    );
  });

  it('names who requested and who decided', async () => {
    const { database } = testDatabase;
    await withOrganisation(database, organisationId, async (trx) => {
      for (const [username, name] of [
        ['carla', 'Carla de Vries'],
        ['clara', 'Clara Jansen'],
      ] as const) {
        await trx.updateTable('users').set({ name }).where('username', '=', username).execute();
      }
    });
    const requested = (await create('clara', debtorId, plan(['INV-5']))).json();
    await request('carla', 'POST', `/api/arrangements/${requested.id}/reject`, {});
    const portalId = await withOrganisation(database, organisationId, (trx) =>
      createArrangement(trx, {
        organisationId,
        debtorId,
        invoiceIds: [invoices['INV-USD'] ?? ''],
        instalmentCount: 2,
        frequency: 'monthly',
        firstDueDate: FIRST_DUE_DATE,
        source: 'portal',
        approve: false,
        canApprove: false,
        actor: portalActor(debtorId),
        now: new Date(),
      }),
    );
    const list = (await request('carla', 'GET', `/api/debtors/${debtorId}/arrangements`)).json();
    const byId = (id: string) => list.find((item: { id: string }) => item.id === id);

    expect(byId(requested.id)).toMatchObject({
      status: 'rejected',
      requestedByName: 'Clara Jansen',
      decidedByName: 'Carla de Vries',
    });
    expect(byId(portalId)).toMatchObject({
      requestedBy: `portal:${debtorId}`,
      requestedByName: 'Debtor D1',
      decidedBy: null,
      decidedByName: null,
    });
  });
});
