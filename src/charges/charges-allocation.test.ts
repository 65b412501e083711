import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllocationOrder } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  runOn,
  SETUP_TIMEOUT_MS,
} from '../dunning/test-factories.ts';
import { allocatePayment } from '../payments/allocate-payment.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { setStepCharges } from './charge-test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

/**
 * Runs a step that charges costs (150.00) and 10% contractual interest for
 * 30 days (8.22) on an invoice of 1,000.00, then pays 1,000.00 towards it.
 */
async function payPrincipalAmount(order: AllocationOrder) {
  const tenant = await createTenant(testDatabase.database, `pay-${order.replaceAll('_', '-')}`);
  const { debtorId, invoiceId } = await withOrganisation(
    testDatabase.database,
    tenant.organisationId,
    async (trx) => {
      await trx
        .updateTable('entities')
        .set({ allocation_order: order })
        .where('id', '=', tenant.entity.id)
        .execute();
      const segmentId = await insertProfileSegment(trx, tenant, {
        name: 'Costs and interest',
        steps: [{ name: 'Charge', dayOffset: 30, addsCollectionCosts: true, addsInterest: true }],
      });
      await setStepCharges(trx, tenant, 'Charge', {
        interestBasis: 'contractual',
        contractualInterestBasisPoints: 1000,
      });
      const debtor = await insertDebtor(trx, tenant, { number: 'D-1', segmentId });
      const invoice = await insertInvoice(trx, tenant, {
        debtorId: debtor,
        number: 'F-1',
        dueDate: '2024-03-01',
        amount: '1000.00',
      });
      return { debtorId: debtor, invoiceId: invoice };
    },
  );
  await runOn(testDatabase.database, tenant, '2024-03-31');

  return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const payment = await trx
      .insertInto('payments')
      .values({
        organisation_id: tenant.organisationId,
        entity_id: tenant.entity.id,
        debtor_id: debtorId,
        payment_date: '2024-04-02',
        currency: 'EUR',
        amount_minor: 100_000,
        source: 'manual',
        reference: null,
        external_key: `pay-${order}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await allocatePayment(trx, {
      organisationId: tenant.organisationId,
      paymentId: payment.id,
      targets: [{ invoiceId }],
      method: 'manual',
      actor: 'test',
    });
    const [balance] = await loadInvoiceBalances(trx, {
      organisationId: tenant.organisationId,
      invoiceIds: [invoiceId],
    });
    return balance;
  });
}

describe('paying the principal amount', () => {
  it('principal first leaves costs and interest open', async () => {
    const balance = await payPrincipalAmount('principal_interest_costs');

    expect(balance?.principalOpenMinor).toBe(0);
    expect(balance?.costsOpenMinor).toBe(15_000);
    expect(balance?.interestOpenMinor).toBe(822);
    expect(balance?.totalOpenMinor).toBe(15_822);
  });

  it('legal order settles costs and interest first', async () => {
    const balance = await payPrincipalAmount('costs_interest_principal');

    expect(balance?.costsOpenMinor).toBe(0);
    expect(balance?.interestOpenMinor).toBe(0);
    expect(balance?.principalOpenMinor).toBe(15_822);
    expect(balance?.totalOpenMinor).toBe(15_822);
  });
});
