import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildPayment,
} from '../../debtors/test-factories.ts';
import { addUser } from '../../home/test-factories.ts';
import { loadInvoiceBalances } from '../../payments/invoice-balances.ts';
import { insertBankPayment } from '../../payments/queue/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface QueueItem {
  id: string;
  amount: string;
  remainder: string;
  entityCode: string;
  counterparty: { name: string | null; iban: string | null };
  suggestions: { invoiceId: string; number: string; reasons: string[]; open: string }[];
}

interface QueuePage {
  payments: QueueItem[];
  total: number;
}

interface ErrorBody {
  error: { code: string; message: string; details?: { fields?: { field: string }[] } };
}

describe('payment routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let nl: Entity;
  let be: Entity;
  const invoices: Record<string, string> = {};
  const payments: Record<string, string> = {};
  let otherOrganisationPaymentId: string;
  const sessions: Record<string, LoggedIn> = {};

  const get = (username: string | null, url: string) =>
    server.app.inject({
      method: 'GET',
      url,
      headers: username ? (sessions[username]?.headers ?? {}) : {},
    });
  const post = (username: string | null, url: string, payload?: object) =>
    server.app.inject({
      method: 'POST',
      url,
      headers: username ? (sessions[username]?.headers ?? {}) : {},
      ...(payload === undefined ? {} : { payload }),
    });
  const allocate = (username: string | null, paymentId: string, allocations: object[]) =>
    post(username, `/api/payments/${paymentId}/allocations`, { allocations });
  const queueIds = async (username: string, query = '') => {
    const response = await get(username, `/api/payments/unmatched${query}`);
    expect(response.statusCode).toBe(200);
    return (response.json() as QueuePage).payments.map((item) => item.id);
  };
  const fieldsOf = (body: unknown) =>
    ((body as ErrorBody).error.details?.fields ?? []).map((field) => field.field);
  const countAllocations = (paymentId: string) =>
    withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const rows = await trx
        .selectFrom('allocations')
        .select('amount_minor')
        .where('payment_id', '=', paymentId)
        .execute();
      return rows.reduce((sum, row) => sum + row.amount_minor, 0);
    });
  const openOf = (invoiceId: string) =>
    withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const [balance] = await loadInvoiceBalances(trx, { organisationId, invoiceIds: [invoiceId] });
      return balance?.totalOpenMinor;
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

    await withOrganisation(database, organisationId, async (trx) => {
      nl = await buildEntity(trx, organisationId, { code: 'NL01' });
      be = await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' });
      const bakery = await buildDebtor(trx, nl, { number: 'D-1', name: 'Bakkerij Korenaar' });
      const garage = await buildDebtor(trx, nl, { number: 'D-2', name: 'Garage Oost' });
      const belgian = await buildDebtor(trx, be, { number: 'B-1' });
      for (const [number, debtor, amountMinor] of [
        ['2024-101', bakery, 50_000],
        ['2024-102', bakery, 30_000],
        ['2024-201', garage, 12_500],
        ['2024-301', belgian, 8_000],
        ['2024-OLD', garage, 10_000],
      ] as const) {
        const invoice = await buildInvoice(trx, debtor, {
          number,
          amountMinor,
          dueDate: '2024-03-01',
        });
        invoices[number] = invoice.id;
      }
      // Garage Oost paid from this account before, which makes its IBAN known.
      const earlier = await buildPayment(
        trx,
        {
          ...(await trx
            .selectFrom('invoices')
            .selectAll()
            .where('number', '=', '2024-OLD')
            .executeTakeFirstOrThrow()),
        },
        { amountMinor: 10_000, paymentDate: '2024-02-01' },
      );
      await trx
        .updateTable('payments')
        .set({ counterparty_iban: 'NL02ABNA0123456789', match_method: 'import' })
        .where('id', '=', earlier.id)
        .execute();
      payments.quoted = (
        await insertBankPayment(trx, nl, {
          amountMinor: 60_000,
          paymentDate: '2024-03-10',
          remittanceText: 'Factuur 2024-101 en deel 2024-102',
          counterpartyName: 'Bakkerij Korenaar',
          counterpartyIban: 'NL91ABNA0417164300',
        })
      ).id;
      payments.knownIban = (
        await insertBankPayment(trx, nl, {
          amountMinor: 12_500,
          paymentDate: '2024-03-12',
          remittanceText: 'betaling',
          counterpartyName: 'G. Oost',
          counterpartyIban: 'NL02ABNA0123456789',
        })
      ).id;
      payments.belgian = (
        await insertBankPayment(trx, be, { amountMinor: 8_000, paymentDate: '2024-03-11' })
      ).id;
      payments.reversal = (
        await insertBankPayment(trx, nl, {
          amountMinor: -4_000,
          paymentDate: '2024-03-05',
          bookingKind: 'reversal',
        })
      ).id;
      payments.race = (
        await insertBankPayment(trx, nl, { amountMinor: 30_000, paymentDate: '2024-03-01' })
      ).id;
      const settled = await insertBankPayment(trx, nl, {
        amountMinor: 5_000,
        paymentDate: '2024-03-15',
      });
      await trx
        .insertInto('allocations')
        .values({
          organisation_id: organisationId,
          payment_id: settled.id,
          invoice_id: invoices['2024-201'] ?? '',
          amount_minor: 5_000,
        })
        .execute();
      payments.settled = settled.id;
      const dismissed = await insertBankPayment(trx, nl, {
        amountMinor: 7_000,
        paymentDate: '2024-03-16',
      });
      await trx
        .updateTable('payments')
        .set({ dismissed_at: new Date(), dismissed_by: 'test', dismiss_reason: 'Refund' })
        .where('id', '=', dismissed.id)
        .execute();
      payments.dismissed = dismissed.id;
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const entity = await buildEntity(trx, b.organisationId, { code: 'NL01' });
      otherOrganisationPaymentId = (
        await insertBankPayment(trx, entity, { amountMinor: 1_000, paymentDate: '2024-03-10' })
      ).id;
    });
    await addUser(database, organisationId, { username: 'audrey', group: 'auditor' });
    await addUser(database, organisationId, { username: 'dora', group: 'dispute-handler' });
    await addUser(database, organisationId, {
      username: 'bianca',
      group: 'credit-manager',
      entityIds: [be.id],
    });
    for (const username of ['carla', 'bert', 'audrey', 'dora', 'bianca']) {
      sessions[username] = await logInAs(server.app, username);
    }
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('requires a session', async () => {
    expect((await get(null, '/api/payments/unmatched')).statusCode).toBe(401);
    expect((await get(null, '/api/payments')).statusCode).toBe(401);
    const response = await allocate(null, payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '1.00' },
    ]);
    expect(response.statusCode).toBe(401);
    expect(
      (await post(null, `/api/payments/${payments.quoted}/dismiss`, { reason: 'x' })).statusCode,
    ).toBe(401);
  });

  it('needs debtors.read to read and payments.manage to change', async () => {
    expect((await get('dora', '/api/payments/unmatched')).statusCode).toBe(403);
    expect((await get('dora', '/api/payments')).statusCode).toBe(403);
    expect((await get('audrey', '/api/payments/unmatched')).statusCode).toBe(200);
    const allocation = await allocate('audrey', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '1.00' },
    ]);
    expect(allocation.statusCode).toBe(403);
    const dismiss = await post('audrey', `/api/payments/${payments.quoted}/dismiss`, {
      reason: 'Refund',
    });
    expect(dismiss.statusCode).toBe(403);
    expect((await post('audrey', `/api/payments/${payments.quoted}/restore`)).statusCode).toBe(403);
    expect(await countAllocations(payments.quoted ?? '')).toBe(0);
  });

  it('lists the queue newest first', async () => {
    const ids = await queueIds('carla');
    expect(ids).toEqual([
      payments.knownIban,
      payments.belgian,
      payments.quoted,
      payments.reversal,
      payments.race,
    ]);
  });

  it('pages the queue with its total', async () => {
    const pages = [];
    for (const offset of [0, 2, 4, 6]) {
      const response = await get('carla', `/api/payments/unmatched?limit=2&offset=${offset}`);
      expect(response.statusCode).toBe(200);
      pages.push(response.json() as QueuePage);
    }
    expect(pages.map((page) => page.total)).toEqual([5, 5, 5, 5]);
    expect(pages.map((page) => page.payments.map((item) => item.id))).toEqual([
      [payments.knownIban, payments.belgian],
      [payments.quoted, payments.reversal],
      [payments.race],
      [],
    ]);
  });

  it('lists the queue oldest first', async () => {
    expect(await queueIds('carla', '?order=oldest')).toEqual([
      payments.race,
      payments.reversal,
      payments.quoted,
      payments.belgian,
      payments.knownIban,
    ]);
    expect(await queueIds('carla', '?order=oldest&limit=1&offset=1')).toEqual([payments.reversal]);
  });

  it('counts the queue of one entity', async () => {
    const response = await get('carla', '/api/payments/unmatched?entity=BE01&limit=1');
    expect((response.json() as QueuePage).total).toBe(1);
    const limited = await get('bianca', '/api/payments/unmatched');
    expect((limited.json() as QueuePage).total).toBe(1);
  });

  it.each(['limit=0', 'limit=501', 'offset=-1', 'offset=x', 'order=latest'])(
    'rejects queue paging %s',
    async (query) => {
      const response = await get('carla', `/api/payments/unmatched?${query}`);
      expect(response.statusCode).toBe(400);
      expect((response.json() as ErrorBody).error.message).toContain(query.split('=')[0]);
    },
  );

  it('describes queue paging in OpenAPI', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/docs/json' });
    const operation = (
      response.json() as {
        paths: Record<string, { get: { parameters: { name: string }[]; responses: object } }>;
      }
    ).paths['/api/payments/unmatched']?.get;

    expect(operation?.parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['limit', 'offset', 'order']),
    );
    expect(JSON.stringify(operation?.responses)).toContain('"total"');
  });

  it('suggests quoted invoices first', async () => {
    const response = await get('carla', '/api/payments/unmatched?entity=NL01');
    const quoted = (response.json() as QueuePage).payments.find(
      (item) => item.id === payments.quoted,
    );
    expect(quoted?.remainder).toBe('600.00');
    expect(quoted?.counterparty).toEqual({ name: 'Bakkerij Korenaar', iban: 'NL91ABNA0417164300' });
    expect(quoted?.suggestions.map((suggestion) => suggestion.number)).toEqual([
      '2024-101',
      '2024-102',
    ]);
    expect(quoted?.suggestions[0]?.reasons).toEqual(['invoice_number', 'name']);
  });

  it('suggests invoices of a known IBAN', async () => {
    const response = await get('carla', '/api/payments/unmatched?entity=NL01');
    const item = (response.json() as QueuePage).payments.find(
      (entry) => entry.id === payments.knownIban,
    );
    expect(item?.suggestions[0]?.number).toBe('2024-201');
    expect(item?.suggestions[0]?.reasons).toEqual(['iban', 'amount']);
    expect(item?.suggestions[0]?.open).toBe('75.00');
  });

  it('filters the queue by entity', async () => {
    expect(await queueIds('carla', '?entity=BE01')).toEqual([payments.belgian]);
    expect(await queueIds('bianca')).toEqual([payments.belgian]);
    expect((await get('bianca', '/api/payments/unmatched?entity=NL01')).statusCode).toBe(404);
  });

  it('hides payments of other entities and organisations', async () => {
    const fromOtherEntity = await allocate('bianca', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '1.00' },
    ]);
    expect(fromOtherEntity.statusCode).toBe(404);
    const dismiss = await post('bianca', `/api/payments/${payments.quoted}/dismiss`, {
      reason: 'Not ours',
    });
    expect(dismiss.statusCode).toBe(404);
    const search = await get('bianca', `/api/payments/${payments.quoted}/open-invoices?q=2024`);
    expect(search.statusCode).toBe(404);
    expect(await queueIds('bert')).toEqual([otherOrganisationPaymentId]);
    const fromOtherOrganisation = await allocate('bert', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '1.00' },
    ]);
    expect(fromOtherOrganisation.statusCode).toBe(404);
    const toOtherOrganisation = await allocate('carla', otherOrganisationPaymentId, [
      { invoiceId: invoices['2024-101'], amount: '1.00' },
    ]);
    expect(toOtherOrganisation.statusCode).toBe(404);
    expect(await countAllocations(payments.quoted ?? '')).toBe(0);
  });

  it('rejects an invoice of another entity', async () => {
    const response = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-301'], amount: '10.00' },
    ]);
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response.json())).toEqual(['body.allocations.0.invoiceId']);
  });

  it('rejects malformed input with field names', async () => {
    const cases: [object, string[]][] = [
      [{}, ['body.allocations']],
      [{ allocations: [] }, ['body.allocations']],
      [{ allocations: [{ invoiceId: 'nope', amount: '1.00' }] }, ['body.allocations.0.invoiceId']],
      [
        { allocations: [{ invoiceId: invoices['2024-101'], amount: '12,50' }] },
        ['body.allocations.0.amount'],
      ],
      [
        { allocations: [{ invoiceId: invoices['2024-101'], amount: '-5.00' }] },
        ['body.allocations.0.amount'],
      ],
    ];
    for (const [payload, fields] of cases) {
      const response = await post('carla', `/api/payments/${payments.quoted}/allocations`, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(fieldsOf(response.json()), JSON.stringify(payload)).toEqual(fields);
    }
    const dismiss = await post('carla', `/api/payments/${payments.quoted}/dismiss`, {
      reason: '   ',
    });
    expect(dismiss.statusCode).toBe(400);
    expect(fieldsOf(dismiss.json())).toEqual(['body.reason']);
    expect((await get('carla', '/api/payments?from=2024-13-01')).statusCode).toBe(400);
    expect((await get('carla', '/api/payments/not-a-uuid/open-invoices?q=1')).statusCode).toBe(400);
  });

  it('rejects amounts beyond what is open', async () => {
    const tooPrecise = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '1.005' },
    ]);
    expect(tooPrecise.statusCode).toBe(400);
    expect(fieldsOf(tooPrecise.json())).toEqual(['body.allocations.0.amount']);
    const overInvoice = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '500.01' },
      { invoiceId: invoices['2024-102'], amount: '10.00' },
    ]);
    expect(overInvoice.statusCode).toBe(400);
    expect(fieldsOf(overInvoice.json())).toEqual(['body.allocations.0.amount']);
    expect((overInvoice.json() as ErrorBody).error.message).toContain(
      'is more than the 500.00 open on invoice 2024-101',
    );
    const overPayment = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '500.00' },
      { invoiceId: invoices['2024-102'], amount: '100.01' },
    ]);
    expect(overPayment.statusCode).toBe(400);
    expect(fieldsOf(overPayment.json())).toEqual(['body.allocations']);
    const twice = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '5.00' },
      { invoiceId: invoices['2024-101'], amount: '5.00' },
    ]);
    expect(twice.statusCode).toBe(400);
    expect(fieldsOf(twice.json())).toEqual(['body.allocations.1.invoiceId']);
    expect(await countAllocations(payments.quoted ?? '')).toBe(0);
  });

  it('rejects allocating money going back', async () => {
    const response = await allocate('carla', payments.reversal ?? '', [
      { invoiceId: invoices['2024-101'], amount: '40.00' },
    ]);
    expect(response.statusCode).toBe(409);
    expect(await countAllocations(payments.reversal ?? '')).toBe(0);
  });

  it('allocates by hand and audits it', async () => {
    const response = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-101'], amount: '500.00' },
      { invoiceId: invoices['2024-102'], amount: '99.50' },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      allocated: '599.50',
      remainder: '0.50',
      invoices: [
        { number: '2024-101', allocated: '500.00', open: '0.00' },
        { number: '2024-102', allocated: '99.50', open: '200.50' },
      ],
    });
    expect(await openOf(invoices['2024-102'] ?? '')).toBe(20_050);
    const payment = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('payments')
        .select(['match_method', 'matched_by', 'debtor_id'])
        .where('id', '=', payments.quoted ?? '')
        .executeTakeFirstOrThrow(),
    );
    expect(payment.match_method).toBe('manual');
    expect(payment.debtor_id).not.toBeNull();
    const audit = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'entity_id'])
        .where('subject_id', '=', payments.quoted ?? '')
        .execute(),
    );
    expect(audit).toEqual([{ action: 'payment.allocated', entity_id: nl.id }]);

    const rest = await allocate('carla', payments.quoted ?? '', [
      { invoiceId: invoices['2024-102'], amount: '0.50' },
    ]);
    expect(rest.statusCode).toBe(200);
    expect(await queueIds('carla')).not.toContain(payments.quoted);
  });

  it('dismisses and restores a payment', async () => {
    const dismiss = await post('carla', `/api/payments/${payments.belgian}/dismiss`, {
      reason: 'Refund to make',
    });
    expect(dismiss.statusCode).toBe(200);
    expect(dismiss.json()).toMatchObject({
      dismissed: { reason: 'Refund to make' },
      remainder: '80.00',
    });
    expect(await queueIds('carla')).not.toContain(payments.belgian);
    const again = await post('carla', `/api/payments/${payments.belgian}/dismiss`, {
      reason: 'Twice',
    });
    expect(again.statusCode).toBe(409);
    const blocked = await allocate('carla', payments.belgian ?? '', [
      { invoiceId: invoices['2024-301'], amount: '80.00' },
    ]);
    expect(blocked.statusCode).toBe(409);

    const restore = await post('carla', `/api/payments/${payments.belgian}/restore`);
    expect(restore.statusCode).toBe(200);
    expect(restore.json()).toMatchObject({ dismissed: null });
    expect(await queueIds('carla')).toContain(payments.belgian);
    expect((await post('carla', `/api/payments/${payments.belgian}/restore`)).statusCode).toBe(409);
    const settled = await post('carla', `/api/payments/${payments.settled}/dismiss`, {
      reason: 'Nothing left',
    });
    expect(settled.statusCode).toBe(409);

    const actions = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('action')
        .where('subject_id', '=', payments.belgian ?? '')
        .orderBy('occurred_at')
        .execute(),
    );
    expect(actions.map((row) => row.action)).toEqual(['payment.dismissed', 'payment.restored']);
  });

  it('searches open invoices for a payment', async () => {
    const response = await get('carla', `/api/payments/${payments.race}/open-invoices?q=korenaar`);
    expect(response.statusCode).toBe(200);
    const found = response.json() as { number: string; open: string }[];
    // 2024-101 is paid in full by the allocation above.
    expect(found).toEqual([expect.objectContaining({ number: '2024-102', open: '200.00' })]);
    const byNumber = await get('carla', `/api/payments/${payments.race}/open-invoices?q=2024-2`);
    expect((byNumber.json() as { number: string }[]).map((item) => item.number)).toEqual([
      '2024-201',
    ]);
    const wildcard = await get('carla', `/api/payments/${payments.race}/open-invoices?q=%25`);
    expect(wildcard.json()).toEqual([]);
  });

  it('lists payments with filters', async () => {
    const list = async (query: string) => {
      const response = await get('carla', `/api/payments${query}`);
      expect(response.statusCode, query).toBe(200);
      return (response.json() as { id: string }[]).map((item) => item.id);
    };
    expect(await list('?matchMethod=manual')).toEqual([payments.quoted]);
    expect(await list('?entity=BE01')).toEqual([payments.belgian]);
    expect(await list('?entity=NL01&from=2024-03-12&to=2024-03-15')).toEqual([
      payments.settled,
      payments.knownIban,
    ]);
    expect(await list('?source=import')).toEqual([]);
    const debtor = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx.selectFrom('debtors').select('id').where('number', '=', 'D-1').executeTakeFirstOrThrow(),
    );
    expect(await list(`?debtor=${debtor.id}`)).toEqual([payments.quoted]);
    const dismissed = (await get('carla', '/api/payments?entity=NL01')).json() as {
      id: string;
      dismissed: { reason: string } | null;
    }[];
    expect(dismissed.find((item) => item.id === payments.dismissed)?.dismissed?.reason).toBe(
      'Refund',
    );
  });

  it('never allocates the same money twice in parallel', async () => {
    const paymentId = payments.race ?? '';
    const body = [{ invoiceId: invoices['2024-102'], amount: '200.00' }];
    const other = [{ invoiceId: invoices['2024-201'], amount: '75.00' }];
    const first = await logInAs(server.app, 'carla');
    const responses = await Promise.all([
      server.app.inject({
        method: 'POST',
        url: `/api/payments/${paymentId}/allocations`,
        headers: first.headers,
        payload: { allocations: body },
      }),
      allocate('carla', paymentId, body),
      allocate('carla', paymentId, other),
    ]);
    const statuses = responses.map((response) => response.statusCode).sort();
    // 300.00 covers 200.00 once and 75.00 once, so exactly one request for 2024-102 fails.
    expect(statuses).toEqual([200, 200, 400]);
    expect(await countAllocations(paymentId)).toBe(27_500);
    expect(await openOf(invoices['2024-102'] ?? '')).toBe(0);
  });
});
