import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import type { AllocationOrder, ChargeKind } from '../db/schema.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../debtors/test-factories.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { allocatePayment, paymentRemainder } from './allocate-payment.ts';
import { loadInvoiceBalances } from './invoice-balances.ts';

let test: TestDatabase;
let organisationId: string;
let sequence = 0;

beforeAll(async () => {
  test = await createTestDatabase();
  organisationId = (
    await createOrganisation(test.database, { live: true, slug: 'pay', name: 'Pay', actor: 't' })
  ).id;
}, 180_000);

afterAll(async () => {
  await test.drop();
});

/** Creates an entity with the allocation order, a debtor, and an invoice of 1,000.00 with the given charges. */
async function invoiceWithCharges(
  trx: TenantTransaction,
  order: AllocationOrder,
  charges: Partial<Record<ChargeKind, number>>,
) {
  sequence += 1;
  const entity = await buildEntity(trx, organisationId, { code: `E${sequence}` });
  await trx
    .updateTable('entities')
    .set({ allocation_order: order })
    .where('id', '=', entity.id)
    .execute();
  const debtor = await buildDebtor(trx, entity, { number: `D${sequence}` });
  const invoice = await buildInvoice(trx, debtor, {
    number: `INV-${sequence}`,
    amountMinor: 100_000,
    dueDate: '2025-01-31',
  });
  for (const [kind, amount] of Object.entries(charges) as Array<[ChargeKind, number]>) {
    await trx
      .insertInto('charges')
      .values({
        organisation_id: organisationId,
        entity_id: entity.id,
        debtor_id: debtor.id,
        invoice_id: invoice.id,
        kind,
        charged_on: '2025-03-01',
        currency: 'EUR',
        amount_minor: amount,
        calculation: JSON.stringify({ test: true }),
      })
      .execute();
  }

  return { entity, debtor, invoice };
}

async function receive(trx: TenantTransaction, entityId: string, amountMinor: number) {
  sequence += 1;
  return trx
    .insertInto('payments')
    .values({
      organisation_id: organisationId,
      entity_id: entityId,
      debtor_id: null,
      payment_date: '2025-03-10',
      currency: 'EUR',
      amount_minor: amountMinor,
      source: 'bank',
      reference: null,
      external_key: `payment-${sequence}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

describe('allocatePayment', () => {
  it('settles costs, then interest, then principal by default', async () => {
    await withOrganisation(test.database, organisationId, async (trx) => {
      const { entity, debtor, invoice } = await invoiceWithCharges(
        trx,
        'costs_interest_principal',
        {
          collection_costs: 15_000,
          interest: 2_000,
        },
      );
      const payment = await receive(trx, entity.id, 100_000);

      const result = await allocatePayment(trx, {
        organisationId,
        paymentId: payment.id,
        targets: [{ invoiceId: invoice.id }],
        method: 'reference',
        actor: 'test',
      });

      expect(result.parts.map((part) => [part.component, part.amountMinor])).toEqual([
        ['collection_costs', 15_000],
        ['interest', 2_000],
        ['principal', 83_000],
      ]);
      expect(result.remainderMinor).toBe(0);
      const [balance] = await loadInvoiceBalances(trx, {
        organisationId,
        invoiceIds: [invoice.id],
      });
      expect(balance).toMatchObject({
        principalOpenMinor: 17_000,
        costsOpenMinor: 0,
        interestOpenMinor: 0,
        totalOpenMinor: 17_000,
      });
      const stored = await trx
        .selectFrom('payments')
        .select(['debtor_id', 'match_method'])
        .where('id', '=', payment.id)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual({ debtor_id: debtor.id, match_method: 'reference' });
    });
  });

  it('leaves costs and interest open when the principal alone is paid', async () => {
    await withOrganisation(test.database, organisationId, async (trx) => {
      const { entity, invoice } = await invoiceWithCharges(trx, 'principal_interest_costs', {
        collection_costs: 15_000,
        interest: 2_000,
      });
      const payment = await receive(trx, entity.id, 100_000);

      await allocatePayment(trx, {
        organisationId,
        paymentId: payment.id,
        targets: [{ invoiceId: invoice.id }],
        method: 'manual',
        actor: 'test',
      });

      const [balance] = await loadInvoiceBalances(trx, {
        organisationId,
        invoiceIds: [invoice.id],
      });
      expect(balance).toMatchObject({
        principalOpenMinor: 0,
        costsOpenMinor: 15_000,
        interestOpenMinor: 2_000,
        totalOpenMinor: 17_000,
      });
    });
  });

  it('keeps an over-payment as remainder and allocates only that on a second call', async () => {
    await withOrganisation(test.database, organisationId, async (trx) => {
      const { entity, invoice } = await invoiceWithCharges(trx, 'costs_interest_principal', {
        fee: 5_000,
      });
      const payment = await receive(trx, entity.id, 120_000);
      const target = [{ invoiceId: invoice.id }];

      const first = await allocatePayment(trx, {
        organisationId,
        paymentId: payment.id,
        targets: target,
        method: 'reference',
        actor: 'test',
      });
      const second = await allocatePayment(trx, {
        organisationId,
        paymentId: payment.id,
        targets: target,
        method: 'reference',
        actor: 'test',
      });

      expect(first.allocatedMinor).toBe(105_000);
      expect(first.remainderMinor).toBe(15_000);
      expect(second.allocatedMinor).toBe(0);
      expect(await paymentRemainder(trx, payment.id)).toBe(15_000);
    });
  });

  it('caps each invoice at the amount asked and ignores waived charges', async () => {
    await withOrganisation(test.database, organisationId, async (trx) => {
      const { entity, invoice } = await invoiceWithCharges(trx, 'costs_interest_principal', {
        collection_costs: 4_000,
      });
      await trx
        .updateTable('charges')
        .set({ waived_at: new Date(), waived_by: 'test', waive_reason: 'goodwill' })
        .where('invoice_id', '=', invoice.id)
        .execute();
      const payment = await receive(trx, entity.id, 50_000);

      const result = await allocatePayment(trx, {
        organisationId,
        paymentId: payment.id,
        targets: [{ invoiceId: invoice.id, amountMinor: 30_000 }],
        method: 'manual',
        actor: 'test',
      });

      expect(result.parts).toEqual([
        { invoiceId: invoice.id, component: 'principal', amountMinor: 30_000 },
      ]);
      expect(result.remainderMinor).toBe(20_000);
    });
  });

  it('refuses an invoice in another currency and money going back', async () => {
    await withOrganisation(test.database, organisationId, async (trx) => {
      const { entity, debtor } = await invoiceWithCharges(trx, 'costs_interest_principal', {});
      const dollars = await buildInvoice(trx, debtor, {
        number: `USD-${sequence}`,
        amountMinor: 10_000,
        dueDate: '2025-01-31',
        currency: 'USD',
      });
      const payment = await receive(trx, entity.id, 10_000);
      const reversal = await receive(trx, entity.id, -10_000);

      await expect(
        allocatePayment(trx, {
          organisationId,
          paymentId: payment.id,
          targets: [{ invoiceId: dollars.id }],
          method: 'manual',
          actor: 'test',
        }),
      ).rejects.toThrow(/in USD and the payment in EUR/);
      await expect(
        allocatePayment(trx, {
          organisationId,
          paymentId: reversal.id,
          targets: [{ invoiceId: dollars.id }],
          method: 'manual',
          actor: 'test',
        }),
      ).rejects.toThrow(/money going back/);
    });
  });

  it('serialises concurrent allocations', async () => {
    const { invoiceId, paymentId } = await withOrganisation(
      test.database,
      organisationId,
      async (trx) => {
        const { entity, invoice } = await invoiceWithCharges(trx, 'costs_interest_principal', {});
        const payment = await receive(trx, entity.id, 100_000);
        return { invoiceId: invoice.id, paymentId: payment.id };
      },
    );
    const allocate = (beforeCommit?: Promise<void>) =>
      withOrganisation(test.database, organisationId, async (trx) => {
        const result = await allocatePayment(trx, {
          organisationId,
          paymentId,
          targets: [{ invoiceId }],
          method: 'manual',
          actor: 'test',
        });
        await beforeCommit;
        return result;
      });

    // The first allocation keeps its transaction open while the second starts.
    let commitFirst = () => {};
    const firstMayCommit = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    const first = allocate(firstMayCommit);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = allocate();
    await new Promise((resolve) => setTimeout(resolve, 300));
    commitFirst();
    const results = await Promise.all([first, second]);

    expect(results.map((result) => result.allocatedMinor).sort()).toEqual([0, 100_000]);
    const allocated = await withOrganisation(test.database, organisationId, (trx) =>
      trx
        .selectFrom('allocations')
        .select((eb) => eb.fn.sum<string>('amount_minor').as('total'))
        .where('payment_id', '=', paymentId)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(allocated.total)).toBe(100_000);
  });
});
