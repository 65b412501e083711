import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { createCreditorReference } from '../payments/creditor-reference.ts';
import { isValidDutchPaymentReference } from '../payments/payment-reference-nl.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildImportTarget, csv, runImport, type ImportTarget } from './import-test-factories.ts';

const HEADER = 'debtor_number,debtor_name,invoice_number,due_date,amount';
const WITH_REFERENCE = `${HEADER},payment_reference`;

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test.drop();
});

async function referencesOf(target: ImportTarget): Promise<Record<string, string | null>> {
  const rows = await test.database.db
    .selectFrom('invoices')
    .select(['number', 'payment_reference'])
    .where('entity_id', '=', target.entityId)
    .orderBy('number')
    .execute();

  return Object.fromEntries(rows.map((row) => [row.number, row.payment_reference]));
}

async function useScheme(target: ImportTarget, scheme: 'rf' | 'nl'): Promise<void> {
  await test.database.db
    .updateTable('entities')
    .set({ payment_reference_scheme: scheme })
    .where('id', '=', target.entityId)
    .execute();
}

async function rejectionOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) {
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  return error;
}

describe('payment references in the import', () => {
  it('derives RF references from code and number', async () => {
    const target = await buildImportTarget(test.database, { code: 'NL01' });

    await runImport(
      target,
      csv(HEADER, 'D1,Delta,INV-1,2024-07-31,100.00', 'D1,Delta,2024/0002,2024-08-31,50.00'),
    );

    expect(await referencesOf(target)).toEqual({
      '2024/0002': createCreditorReference('4NL0120240002'),
      'INV-1': createCreditorReference('4NL01INV1'),
    });
  });

  it('gives a colliding number the fallback', async () => {
    const target = await buildImportTarget(test.database, { code: 'NL01' });

    await runImport(
      target,
      csv(HEADER, 'D1,Delta,INV-1,2024-07-31,100.00', 'D1,Delta,INV1,2024-08-31,50.00'),
    );

    const references = await referencesOf(target);
    // Invoices get their references in number order, and "INV-1" sorts before "INV1".
    expect(references['INV-1']).toBe(createCreditorReference('4NL01INV1'));
    expect(references.INV1).toMatch(/^RF\d{2}0[0-9A-F]{20}$/);
  });

  it('generates Dutch references in the nl scheme', async () => {
    const target = await buildImportTarget(test.database);
    await useScheme(target, 'nl');

    await runImport(
      target,
      csv(HEADER, 'D1,Delta,INV-1,2024-07-31,100.00', 'D1,Delta,INV-2,2024-08-31,50.00'),
    );

    const references = Object.values(await referencesOf(target));
    expect(references).toHaveLength(2);
    expect(new Set(references).size).toBe(2);
    for (const reference of references) {
      expect(reference).toMatch(/^\d{16}$/);
      expect(isValidDutchPaymentReference(reference ?? '')).toBe(true);
    }
  });

  it('keeps valid references from the file', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(
      target,
      csv(
        WITH_REFERENCE,
        'D1,Delta,INV-1,2024-07-31,100.00,rf18 5390 0754 7034',
        'D1,Delta,INV-2,2024-08-31,50.00,5000 0567 8901 2345',
        'D1,Delta,INV-3,2024-08-31,50.00,',
      ),
    );

    expect(await referencesOf(target)).toEqual({
      'INV-1': 'RF18539007547034',
      'INV-2': '5000056789012345',
      'INV-3': createCreditorReference('4NL01INV3'),
    });
  });

  it.each([
    ['RF17539007547034', /RF creditor reference "RF17539007547034" has wrong check digits/],
    ['1906350066203673', /first digit should be 6/],
    ['12345678', /has 8 digits/],
    ['ERP-778', /is neither an RF creditor reference .* nor a Dutch payment reference/],
  ])('rejects reference %s', async (value, reason) => {
    const target = await buildImportTarget(test.database);

    const error = await rejectionOf(
      runImport(target, csv(WITH_REFERENCE, `D1,Delta,INV-1,2024-07-31,100.00,${value}`)),
    );

    expect(error.code).toBe('import_rejected');
    expect(error.message).toContain('receivables.csv');
    const [problem] = (error.details as { rejected: Array<Record<string, unknown>> }).rejected;
    expect(problem?.row).toBe(2);
    expect(problem?.column).toBe('payment_reference');
    expect(problem?.value).toBe(value);
    expect(problem?.reason).toMatch(reason);
    expect(problem?.reason).toMatch(/leave the cell empty to let Collecta make one/);
    expect(await referencesOf(target)).toEqual({});
  });

  it('rejects a reference twice in the file', async () => {
    const target = await buildImportTarget(test.database);

    const error = await rejectionOf(
      runImport(
        target,
        csv(
          WITH_REFERENCE,
          'D1,Delta,INV-1,2024-07-31,100.00,RF18539007547034',
          'D1,Delta,INV-2,2024-07-31,100.00,RF18 5390 0754 7034',
        ),
      ),
    );

    const [problem] = (error.details as { rejected: Array<Record<string, unknown>> }).rejected;
    expect(problem?.row).toBe(3);
    expect(problem?.reason).toMatch(/also on line 2/);
  });

  it('rejects a reference another invoice has', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, csv(WITH_REFERENCE, 'D1,Delta,INV-1,2024-07-31,100.00,RF741'));

    const error = await rejectionOf(
      runImport(target, csv(WITH_REFERENCE, 'D1,Delta,INV-2,2024-07-31,100.00,RF741')),
    );

    const [problem] = (error.details as { rejected: Array<Record<string, unknown>> }).rejected;
    expect(problem?.row).toBe(2);
    expect(problem?.reason).toMatch(/belongs to invoice INV-1 already/);
    expect(await referencesOf(target)).toEqual({ 'INV-1': 'RF741' });
  });

  it('skips a taken reference with skipInvalid', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, csv(WITH_REFERENCE, 'D1,Delta,INV-1,2024-07-31,100.00,RF741'));

    const summary = await runImport(
      target,
      csv(
        WITH_REFERENCE,
        'D1,Delta,INV-2,2024-07-31,100.00,RF741',
        'D1,Delta,INV-3,2024-07-31,100.00,RF040',
      ),
      { skipInvalid: true },
    );

    expect(summary.rejected.map((problem) => problem.row)).toEqual([2]);
    expect(await referencesOf(target)).toEqual({ 'INV-1': 'RF741', 'INV-3': 'RF040' });
  });

  it('lets two invoices swap references', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(
      target,
      csv(
        WITH_REFERENCE,
        'D1,Delta,INV-1,2024-07-31,100.00,RF741',
        'D1,Delta,INV-2,2024-07-31,100.00,RF040',
      ),
    );

    const summary = await runImport(
      target,
      csv(
        WITH_REFERENCE,
        'D1,Delta,INV-1,2024-07-31,100.00,RF040',
        'D1,Delta,INV-2,2024-07-31,100.00,RF741',
      ),
    );

    expect(summary.invoices.changed).toBe(2);
    expect(await referencesOf(target)).toEqual({ 'INV-1': 'RF040', 'INV-2': 'RF741' });
  });

  it('keeps the stored reference when the cell is empty', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, csv(WITH_REFERENCE, 'D1,Delta,INV-1,2024-07-31,100.00,RF741'));

    const summary = await runImport(target, csv(HEADER, 'D1,Delta,INV-1,2024-07-31,100.00'));

    expect(summary.invoices.unchanged).toBe(1);
    expect(await referencesOf(target)).toEqual({ 'INV-1': 'RF741' });
  });

  it('fills older invoices without a reference', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, csv(HEADER, 'D1,Delta,INV-1,2024-07-31,100.00'));
    await test.database.db
      .updateTable('invoices')
      .set({ payment_reference: null })
      .where('entity_id', '=', target.entityId)
      .execute();

    await runImport(target, csv(HEADER, 'D1,Delta,INV-2,2024-07-31,100.00'));

    expect(await referencesOf(target)).toEqual({
      'INV-1': createCreditorReference('4NL01INV1'),
      'INV-2': createCreditorReference('4NL01INV2'),
    });
  });

  it('writes nothing in a dry run', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(target, csv(HEADER, 'D1,Delta,INV-1,2024-07-31,100.00'), { dryRun: true });

    expect(await referencesOf(target)).toEqual({});
  });
});
