import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  buildImportTarget,
  csv,
  runImport,
  TEST_ACTOR,
  type ImportTarget,
} from './import-test-factories.ts';
import { resolveMapping } from './resolve-mapping.ts';

const RABO = 'NL88RABO0895321178';
const ING = 'NL26INGB0417397051';
const ABN = 'NL98ABNA0113995039';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test.drop();
});

function accountsOf(target: ImportTarget) {
  return withOrganisation(test.database, target.organisationId, (trx) =>
    trx
      .selectFrom('debtor_bank_accounts as a')
      .innerJoin('debtors as d', 'd.id', 'a.debtor_id')
      .select(['d.number', 'a.iban', 'a.source', 'a.created_by', 'a.entity_id'])
      .orderBy('d.number')
      .orderBy('a.iban')
      .execute(),
  );
}

async function rejectionOf(running: Promise<unknown>): Promise<AppError> {
  const error = await running.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('import of debtor IBANs', () => {
  it('adds IBANs from every row of a debtor', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(
      target,
      csv(
        'debtor_number,invoice_number,due_date,amount,IBAN',
        `D1,INV-1,2024-07-31,100.00,nl88 rabo 0895 3211 78; ${ING}`,
        `D1,INV-2,2024-07-31,50.00,${RABO}`,
        `D2,INV-3,2024-07-31,20.00,`,
        `D3,INV-4,2024-07-31,20.00,${RABO}`,
      ),
    );

    expect(await accountsOf(target)).toEqual([
      {
        number: 'D1',
        iban: ING,
        source: 'import',
        created_by: TEST_ACTOR,
        entity_id: target.entityId,
      },
      {
        number: 'D1',
        iban: RABO,
        source: 'import',
        created_by: TEST_ACTOR,
        entity_id: target.entityId,
      },
      {
        number: 'D3',
        iban: RABO,
        source: 'import',
        created_by: TEST_ACTOR,
        entity_id: target.entityId,
      },
    ]);
  });

  it('counts a debtor with a new IBAN as changed', async () => {
    const target = await buildImportTarget(test.database);
    const header = 'debtor_number,debtor_name,invoice_number,due_date,amount,debtor_iban';
    await runImport(target, csv(header, `D1,Delta,INV-1,2024-07-31,100.00,${RABO}`));

    const again = await runImport(target, csv(header, `D1,Delta,INV-1,2024-07-31,100.00,${RABO}`));
    const added = await runImport(target, csv(header, `D1,Delta,INV-1,2024-07-31,100.00,${ABN}`));
    const events = await withOrganisation(test.database, target.organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('after')
        .where('action', '=', 'debtor.bank_account_added')
        .orderBy('occurred_at')
        .execute(),
    );

    expect(again.debtors).toEqual({ new: 0, changed: 0, unchanged: 1 });
    expect(added.debtors).toEqual({ new: 0, changed: 1, unchanged: 0 });
    expect((await accountsOf(target)).map((account) => account.iban)).toEqual([RABO, ABN]);
    expect(events.map((event) => event.after)).toEqual([
      { iban: RABO, source: 'import' },
      { iban: ABN, source: 'import' },
    ]);
  });

  it('keeps a learned IBAN as learned', async () => {
    const target = await buildImportTarget(test.database);
    const header = 'debtor_number,invoice_number,due_date,amount,iban';
    await runImport(target, csv(header, 'D1,INV-1,2024-07-31,100.00,'));
    await withOrganisation(test.database, target.organisationId, async (trx) => {
      const debtor = await trx.selectFrom('debtors').select('id').executeTakeFirstOrThrow();
      await trx
        .insertInto('debtor_bank_accounts')
        .values({
          organisation_id: target.organisationId,
          entity_id: target.entityId,
          debtor_id: debtor.id,
          iban: RABO,
          source: 'learned',
          created_by: 'test',
        })
        .execute();
    });

    const summary = await runImport(target, csv(header, `D1,INV-1,2024-07-31,100.00,${RABO}`));

    expect(summary.debtors.changed).toBe(0);
    expect((await accountsOf(target)).map((account) => account.source)).toEqual(['learned']);
  });

  it('rejects an IBAN failing its check', async () => {
    const target = await buildImportTarget(test.database);

    const error = await rejectionOf(
      runImport(
        target,
        csv(
          'debtor_number,invoice_number,due_date,amount,Bank account',
          `D1,INV-1,2024-07-31,100.00,${RABO}`,
          `D2,INV-2,2024-07-31,100.00,${ING};NL89RABO0895321178`,
        ),
        {
          fileName: 'open-items.csv',
          mapping: resolveMapping({
            name: 'bank.json',
            json: {
              columns: {
                debtor_number: 'debtor_number',
                invoice_number: 'invoice_number',
                due_date: 'due_date',
                amount: 'amount',
                'Bank account': 'debtor_iban',
              },
            },
          }),
        },
      ),
    );

    expect(error.code).toBe('import_rejected');
    expect(error.message).toContain('open-items.csv');
    expect(error.details).toEqual({
      rejected: [
        {
          row: 3,
          column: 'Bank account',
          value: `${ING};NL89RABO0895321178`,
          reason:
            'NL89RABO0895321178 is not a valid IBAN: its country, length or check digits are wrong; correct it, or leave the cell empty (several IBANs are separated by ";")',
        },
      ],
    });
    expect(await accountsOf(target)).toEqual([]);
  });

  it('skips only the row with a bad IBAN', async () => {
    const target = await buildImportTarget(test.database);

    const summary = await runImport(
      target,
      csv(
        'debtor_number,invoice_number,due_date,amount,iban',
        `D1,INV-1,2024-07-31,100.00,${RABO}`,
        'D2,INV-2,2024-07-31,100.00,NL00 BANK',
      ),
      { skipInvalid: true },
    );

    expect(summary.rejected.map((problem) => [problem.row, problem.column])).toEqual([[3, 'iban']]);
    expect((await accountsOf(target)).map((account) => account.number)).toEqual(['D1']);
  });
});
