import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDirectory } from '../../db/migrate.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { createOrganisation } from '../../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildDebtor, buildEntity, buildInvoice, buildPayment } from '../test-factories.ts';

const VALID = 'NL88RABO0895321178';
const FAILS_CHECK = 'NL89RABO0895321178';

/**
 * Returns the INSERT of migration 0020 that turns the IBANs of earlier
 * matched payments into learned bank accounts. The test runs it again on
 * payments made after the migration, so the statement itself is under test.
 */
function backfillStatement(): string {
  const text = fs.readFileSync(
    path.join(migrationsDirectory, '0020_debtor_bank_accounts.sql'),
    'utf8',
  );
  const start = text.indexOf('INSERT INTO debtor_bank_accounts');
  const end = text.indexOf(';\n', start);
  if (start < 0 || end < 0) {
    throw new Error('migration 0020 has no INSERT INTO debtor_bank_accounts statement');
  }

  return text.slice(start, end + 1);
}

describe('bank account backfill of migration 0020', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  const paymentIds: Record<string, string> = {};
  const debtorIds: Record<string, string> = {};

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    organisationId = (
      await createOrganisation(database, { live: true, slug: 'backfill', name: 'B', actor: 't' })
    ).id;
    await withOrganisation(database, organisationId, async (trx) => {
      const entity = await buildEntity(trx, organisationId);
      for (const number of ['D1', 'D2']) {
        const debtor = await buildDebtor(trx, entity, { number });
        debtorIds[number] = debtor.id;
        const invoice = await buildInvoice(trx, debtor, {
          number: `${number}-INV`,
          amountMinor: 10_000,
          dueDate: '2026-01-31',
        });
        for (const [key, date, iban] of [
          [`${number}-late`, '2026-02-10', VALID],
          [`${number}-early`, '2026-02-01', VALID],
          [`${number}-bad`, '2026-02-05', FAILS_CHECK],
        ] as const) {
          const payment = await buildPayment(trx, invoice, {
            amountMinor: 1_000,
            paymentDate: date,
          });
          await trx
            .updateTable('payments')
            .set({ counterparty_iban: iban })
            .where('id', '=', payment.id)
            .execute();
          paymentIds[key] = payment.id;
        }
      }
    });
    await database.runScript(backfillStatement());
  }, 120_000);

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('learns each valid IBAN once per debtor', async () => {
    const rows = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('debtor_bank_accounts')
        .select(['debtor_id', 'iban', 'source', 'learned_from_payment_id', 'created_by'])
        .orderBy('created_at')
        .execute(),
    );
    const byDebtor = (number: string) => rows.filter((row) => row.debtor_id === debtorIds[number]);

    expect(rows).toHaveLength(2);
    for (const number of ['D1', 'D2']) {
      expect(byDebtor(number)).toEqual([
        {
          debtor_id: debtorIds[number],
          iban: VALID,
          source: 'learned',
          learned_from_payment_id: paymentIds[`${number}-early`],
          created_by: 'system:migration',
        },
      ]);
    }
  });
});
