import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { getDebtorCard } from './get-debtor-card.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildPayment,
  buildReachedStep,
} from './test-factories.ts';

describe('getDebtorCard', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  let otherOrganisationId: string;
  let debtorId: string;

  const card = (asOf?: string, organisation = organisationId) =>
    withOrganisation(testDatabase.database, organisation, (trx) =>
      getDebtorCard(trx, { debtorId, asOf }),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    organisationId = (
      await createOrganisation(database, { live: true, slug: 'a', name: 'A', actor: 'test' })
    ).id;
    otherOrganisationId = (
      await createOrganisation(database, { live: true, slug: 'b', name: 'B', actor: 'test' })
    ).id;
    await withOrganisation(database, organisationId, async (trx) => {
      const entity = await buildEntity(trx, organisationId);
      const debtor = await buildDebtor(trx, entity, { number: '1001', name: 'Acme Trading BV' });
      debtorId = debtor.id;
      const first = await buildInvoice(trx, debtor, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      await buildPayment(trx, first, {
        amountMinor: 30_000,
        paymentDate: '2025-03-15',
        reference: 'INV-1 part',
      });
      await buildReachedStep(trx, first, { stepName: 'First reminder', reachedOn: '2025-03-08' });
      await buildInvoice(trx, debtor, {
        number: 'INV-3',
        amountMinor: 20_000,
        dueDate: '2024-12-01',
        holdReason: 'dispute',
        holdUntil: '2025-04-30',
      });
      const later = await buildInvoice(trx, debtor, {
        number: 'INV-2',
        amountMinor: 50_000,
        dueDate: '2025-04-10',
      });
      await buildPayment(trx, later, { amountMinor: 50_000, paymentDate: '2025-04-05' });
    });
  });

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('lists open invoices by due date with days past due', async () => {
    const result = await card('2025-03-31');

    expect(result.invoices.map((invoice) => invoice.number)).toEqual(['INV-3', 'INV-1', 'INV-2']);
    expect(result.invoices[1]).toMatchObject({
      openMinor: 70_000,
      amountMinor: 100_000,
      daysPastDue: 30,
      hold: null,
    });
  });

  it('shows the hold and the steps reached', async () => {
    const result = await card('2025-03-31');

    expect(result.invoices[0]?.hold).toEqual({ reason: 'dispute', until: '2025-04-30' });
    expect(result.invoices[1]?.steps).toEqual([
      { step: 'First reminder', reachedOn: '2025-03-08' },
    ]);
  });

  it('drops a hold that ended before the date', async () => {
    const result = await card('2025-05-01');

    expect(result.invoices[0]?.hold).toBeNull();
  });

  it('totals the debtor in the entity currency', async () => {
    const result = await card('2025-03-31');

    expect(result.debtor).toMatchObject({
      number: '1001',
      entityCode: 'NL01',
      currency: 'EUR',
      language: 'nl',
      openMinor: 140_000,
      overdueMinor: 90_000,
    });
  });

  it('lists payments up to the date with allocations', async () => {
    const result = await card('2025-03-31');

    expect(result.payments).toHaveLength(1);
    expect(result.payments[0]).toMatchObject({
      paymentDate: '2025-03-15',
      amountMinor: 30_000,
      reference: 'INV-1 part',
      allocated: [{ invoiceNumber: 'INV-1', amountMinor: 30_000 }],
    });
  });

  it('puts call tasks on the timeline', async () => {
    const result = await card('2025-03-31');

    expect(result.timeline).toEqual([
      expect.objectContaining({ kind: 'call', date: '2025-03-08', step: 'First reminder' }),
    ]);
  });

  it('defaults the date to today', async () => {
    const result = await card();

    expect(result.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('hides the debtor from another organisation', async () => {
    await expect(card('2025-03-31', otherOrganisationId)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
