import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { listDebtors } from './list-debtors.ts';
import { buildDebtor, buildEntity, buildInvoice, buildPayment } from './test-factories.ts';

const asOf = '2025-03-31';

describe('listDebtors', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;

  const list = (params: Partial<Parameters<typeof listDebtors>[1]> = {}) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      listDebtors(trx, { entityCode: 'NL01', asOf, page: 1, pageSize: 50, ...params }),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    organisationId = (
      await createOrganisation(testDatabase.database, {
        live: true,
        slug: 'acme',
        name: 'Acme',
        actor: 'test',
      })
    ).id;
    await withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const entity = await buildEntity(trx, organisationId);
      const acme = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      const paidInPart = await buildInvoice(trx, acme, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      await buildPayment(trx, paidInPart, { amountMinor: 30_000, paymentDate: '2025-03-15' });
      const notDue = await buildInvoice(trx, acme, {
        number: 'INV-2',
        amountMinor: 50_000,
        dueDate: '2025-04-10',
      });
      await buildPayment(trx, notDue, { amountMinor: 50_000, paymentDate: '2025-04-05' });
      await buildInvoice(trx, acme, {
        number: 'INV-3',
        amountMinor: 20_000,
        dueDate: '2024-12-01',
      });
      await buildInvoice(trx, acme, { number: 'CN-1', amountMinor: -5_000, dueDate: '2025-02-01' });

      const beta = await buildDebtor(trx, entity, { number: '1002', name: 'Beta Foods' });
      await buildInvoice(trx, beta, {
        number: 'INV-4',
        amountMinor: 10_000,
        dueDate: '2025-01-15',
      });
      await buildInvoice(trx, beta, {
        number: 'INV-5',
        amountMinor: 99_000,
        dueDate: '2025-01-15',
        closedOn: '2025-03-01',
      });
      await buildInvoice(trx, beta, {
        number: 'INV-6',
        amountMinor: 99_000,
        invoiceDate: '2025-04-01',
        dueDate: '2025-05-01',
      });
      await buildInvoice(trx, beta, {
        number: 'INV-7',
        amountMinor: 99_000,
        dueDate: '2025-01-15',
        currency: 'USD',
      });

      await buildDebtor(trx, entity, { number: '1003', name: 'Gamma', email: 'gamma@example.org' });

      const german = await buildEntity(trx, organisationId, { code: 'DE01', country: 'DE' });
      const delta = await buildDebtor(trx, german, { number: '1001', name: 'Delta GmbH' });
      await buildInvoice(trx, delta, { number: 'R-1', amountMinor: 7_000, dueDate: '2025-03-30' });
    });
  });

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('orders debtors most overdue first', async () => {
    const page = await list();

    expect(page.items.map((item) => item.number)).toEqual(['1001', '1002', '1003']);
    expect(page.total).toBe(3);
  });

  it('computes open, overdue and ageing as of the date', async () => {
    const page = await list();
    const acme = page.items[0];

    expect(acme?.openMinor).toBe(70_000 + 50_000 + 20_000 - 5_000);
    expect(acme?.overdueMinor).toBe(70_000 + 20_000);
    expect(acme?.ageing).toEqual({
      current: 50_000,
      days1To30: 70_000,
      days31To60: 0,
      days61To90: 0,
      days91Plus: 20_000,
      credits: -5_000,
    });
    expect(acme?.currency).toBe('EUR');
    expect(acme?.language).toBe('nl');
  });

  it('leaves out closed, future and foreign-currency invoices', async () => {
    const page = await list();
    const beta = page.items[1];

    expect(beta?.openMinor).toBe(10_000);
    expect(beta?.ageing.days61To90).toBe(10_000);
  });

  it('counts a payment dated after the as-of date as unpaid', async () => {
    const later = await list({ asOf: '2025-04-05' });

    expect(later.items[0]?.ageing.current).toBe(0);
  });

  it('gives zero totals to debtors without open invoices', async () => {
    const page = await list();

    expect(page.items[2]?.openMinor).toBe(0);
    expect(page.items[2]?.overdueMinor).toBe(0);
  });

  it('searches number, name and e-mail ignoring case', async () => {
    expect((await list({ search: 'ACME' })).items.map((item) => item.number)).toEqual(['1001']);
    expect((await list({ search: 'Example.ORG' })).items.map((item) => item.number)).toEqual([
      '1003',
    ]);
    expect((await list({ search: '1002' })).items.map((item) => item.number)).toEqual(['1002']);
    expect((await list({ search: '%' })).total).toBe(0);
  });

  it('pages with a stable total', async () => {
    const second = await list({ page: 2, pageSize: 2 });
    const beyond = await list({ page: 5, pageSize: 2 });

    expect(second.items.map((item) => item.number)).toEqual(['1003']);
    expect(second.total).toBe(3);
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(3);
  });

  it('lists every entity without an entity code', async () => {
    const page = await list({ entityCode: undefined });

    expect(page.total).toBe(4);
    expect(page.items.map((item) => item.entityCode).sort()).toEqual([
      'DE01',
      'NL01',
      'NL01',
      'NL01',
    ]);
  });

  it('rejects an unknown entity code', async () => {
    await expect(list({ entityCode: 'XX99' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
