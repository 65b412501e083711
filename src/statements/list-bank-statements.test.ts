import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../db/schema.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../debtors/test-factories.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { insertBankPayment } from '../payments/queue/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { listBankStatements } from './list-bank-statements.ts';

/** Inserts a booked statement of `entity` with a unique identification. */
async function insertStatement(trx: TenantTransaction, entity: Entity, identification: string) {
  return trx
    .insertInto('bank_statements')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      file_name: `${identification}.xml`,
      sha256: 'a'.repeat(64),
      format: 'camt.053',
      identification,
      account_identification: 'NL91ABNA0417164300',
      account_iban: 'NL91ABNA0417164300',
      currency: 'EUR',
      transaction_count: 0,
      imported_by: 'test',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/*
 * Statement FULL has one payment of every kind that leaves the queue or stays
 * in it, and statement EMPTY has none waiting. The unmatched count must see
 * principal allocations, charge allocations, dismissals and money out.
 */
describe('listBankStatements', () => {
  let test: TestDatabase;
  let organisationId: string;
  let fullId: string;
  let emptyId: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    organisationId = (
      await createOrganisation(test.database, { live: true, slug: 'st', name: 'St', actor: 't' })
    ).id;
    await withOrganisation(test.database, organisationId, async (trx) => {
      const entity = await buildEntity(trx, organisationId, { code: 'NL01' });
      const debtor = await buildDebtor(trx, entity, { number: 'D1' });
      const invoice = await buildInvoice(trx, debtor, {
        number: 'F1',
        amountMinor: 100_000,
        dueDate: '2026-01-31',
      });
      const charge = await trx
        .insertInto('charges')
        .values({
          organisation_id: organisationId,
          entity_id: entity.id,
          debtor_id: debtor.id,
          invoice_id: invoice.id,
          kind: 'collection_costs',
          charged_on: '2026-02-15',
          currency: 'EUR',
          amount_minor: 4_000,
          calculation: JSON.stringify({ test: true }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const full = await insertStatement(trx, entity, 'FULL');
      const empty = await insertStatement(trx, entity, 'EMPTY');
      fullId = full.id;
      emptyId = empty.id;

      const book = async (
        statementId: string | null,
        payment: Parameters<typeof insertBankPayment>[2],
      ) => {
        const row = await insertBankPayment(trx, entity, payment);
        await trx
          .updateTable('payments')
          .set({ statement_id: statementId })
          .where('id', '=', row.id)
          .execute();
        return row.id;
      };
      const allocate = (paymentId: string, amountMinor: number) =>
        trx
          .insertInto('allocations')
          .values({
            organisation_id: organisationId,
            payment_id: paymentId,
            invoice_id: invoice.id,
            amount_minor: amountMinor,
          })
          .execute();

      // Waiting: nothing allocated, part allocated, and a reversal that undid nothing.
      await book(fullId, { amountMinor: 5_000, paymentDate: '2026-03-01' });
      await allocate(
        await book(fullId, { amountMinor: 30_000, paymentDate: '2026-03-01' }),
        10_000,
      );
      await book(fullId, {
        amountMinor: -2_000,
        paymentDate: '2026-03-01',
        bookingKind: 'reversal',
      });
      // Not waiting: allocated in full across principal and charges.
      const split = await book(fullId, { amountMinor: 14_000, paymentDate: '2026-03-01' });
      await allocate(split, 10_000);
      await trx
        .insertInto('charge_allocations')
        .values({
          organisation_id: organisationId,
          payment_id: split,
          charge_id: charge.id,
          amount_minor: 4_000,
        })
        .execute();
      // Not waiting: dismissed, and money out that is no receivable.
      const dismissed = await book(fullId, { amountMinor: 700, paymentDate: '2026-03-01' });
      await trx
        .updateTable('payments')
        .set({ dismissed_at: new Date(), dismissed_by: 't', dismiss_reason: 'Refund' })
        .where('id', '=', dismissed)
        .execute();
      await book(fullId, {
        amountMinor: -900,
        paymentDate: '2026-03-01',
        bookingKind: 'other_debit',
      });
      // Statement EMPTY has one payment allocated in full. A payment without statement counts nowhere.
      await allocate(await book(emptyId, { amountMinor: 800, paymentDate: '2026-03-02' }), 800);
      await book(null, { amountMinor: 1_200, paymentDate: '2026-03-02' });
    });
  }, 180_000);

  afterAll(async () => {
    await test.drop();
  });

  it('counts waiting payments per statement', async () => {
    const statements = await withOrganisation(test.database, organisationId, (trx) =>
      listBankStatements(trx, { limit: 10 }),
    );
    const counts = new Map(statements.map((item) => [item.id, item.unmatchedCount]));

    expect(statements).toHaveLength(2);
    expect(counts.get(fullId)).toBe(3);
    expect(counts.get(emptyId)).toBe(0);
  });

  it('counts one statement alone', async () => {
    const [statement] = await withOrganisation(test.database, organisationId, (trx) =>
      listBankStatements(trx, { statementId: fullId, limit: 1 }),
    );

    expect(statement?.identification).toBe('FULL');
    expect(statement?.unmatchedCount).toBe(3);
  });

  it('returns nothing for an unknown statement', async () => {
    const statements = await withOrganisation(test.database, organisationId, (trx) =>
      listBankStatements(trx, { statementId: randomUUID(), limit: 1 }),
    );

    expect(statements).toEqual([]);
  });
});
