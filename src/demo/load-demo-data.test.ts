import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { runDunning } from '../dunning/run-dunning.ts';
import { AppError } from '../errors.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { computeAgeing } from '../reports/ageing.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { loadDemoData, type DemoLoadSummary } from './load-demo-data.ts';

const actor = 'test';
const referenceDate = '2026-06-30';
const seed = 11;

let testDatabase: TestDatabase;
let organisationId: string;
let summary: DemoLoadSummary;

function inOrganisation<T>(work: Parameters<typeof withOrganisation<T>>[2]): Promise<T> {
  return withOrganisation(testDatabase.database, organisationId, work);
}

async function entityIdOf(code: string): Promise<string> {
  return inOrganisation(async (trx) => {
    const entity = await trx
      .selectFrom('entities')
      .select('id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return entity.id;
  });
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  const organisation = await createOrganisation(testDatabase.database, {
    live: true,
    slug: 'demo',
    name: 'Demo',
    actor,
  });
  organisationId = organisation.id;
  summary = await loadDemoData(testDatabase.database, {
    organisationId,
    actor,
    referenceDate,
    seed,
  });
});

afterAll(async () => {
  await testDatabase.drop();
});

describe('loadDemoData', () => {
  it('summary counts match the generated data', () => {
    const data = generateDemoData({ seed, referenceDate });
    const invoices = data.flatMap((entity) => entity.receivables.invoices);
    const paid = invoices.filter((i) => i.paidDate !== null || i.openAmountMinor !== null);
    expect(summary.entities).toBe(3);
    expect(summary.entityCodes).toEqual(['NL01', 'UK01', 'DE01']);
    expect(summary.debtors).toBe(150);
    expect(summary.invoices).toBe(1800);
    expect(summary.payments).toBe(paid.length);
    expect(summary.holds).toBeGreaterThan(0);
    expect(summary.referenceDate).toBe(referenceDate);
  });

  it('stores the counted rows', async () => {
    const counts = await inOrganisation(async (trx) => {
      const count = async (table: 'entities' | 'debtors' | 'invoices' | 'payments') => {
        const row = await trx
          .selectFrom(table)
          .select(sql<number>`count(*)::bigint`.as('count'))
          .executeTakeFirstOrThrow();
        return row.count;
      };
      return {
        entities: await count('entities'),
        debtors: await count('debtors'),
        invoices: await count('invoices'),
        payments: await count('payments'),
      };
    });
    expect(counts).toEqual({
      entities: summary.entities,
      debtors: summary.debtors,
      invoices: summary.invoices,
      payments: summary.payments,
    });
  });

  it('entities keep currency, zone and IBAN', async () => {
    const entities = await inOrganisation((trx) =>
      trx
        .selectFrom('entities')
        .select(['code', 'currency', 'time_zone', 'iban', 'city'])
        .orderBy('code')
        .execute(),
    );
    expect(entities).toEqual([
      {
        code: 'DE01',
        currency: 'EUR',
        time_zone: 'Europe/Berlin',
        iban: 'DE89370400440532013000',
        city: 'Köln',
      },
      {
        code: 'NL01',
        currency: 'EUR',
        time_zone: 'Europe/Amsterdam',
        iban: 'NL91ABNA0417164300',
        city: 'Amsterdam',
      },
      {
        code: 'UK01',
        currency: 'GBP',
        time_zone: 'Europe/London',
        iban: 'GB29NWBK60161331926819',
        city: 'London',
      },
    ]);
  });

  it('debtors have nl, en and de languages', async () => {
    const rows = await inOrganisation((trx) =>
      trx.selectFrom('debtors').select('language').distinct().execute(),
    );
    expect(new Set(rows.map((row) => row.language))).toEqual(new Set(['nl', 'en', 'de']));
  });

  it('debtors are b2b and b2c', async () => {
    const rows = await inOrganisation((trx) =>
      trx.selectFrom('debtors').select('kind').distinct().execute(),
    );
    expect(new Set(rows.map((row) => row.kind))).toEqual(new Set(['b2b', 'b2c']));
  });

  it('umlauts survive the import', async () => {
    const rows = await inOrganisation((trx) =>
      trx.selectFrom('debtors').select('name').where('name', 'like', '%ü%').execute(),
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  it('holds are set with a reason', async () => {
    const held = await inOrganisation((trx) =>
      trx
        .selectFrom('invoices')
        .select(['hold_reason', 'hold_until'])
        .where('hold_reason', 'is not', null)
        .execute(),
    );
    expect(held).toHaveLength(summary.holds);
    expect(held.every((row) => (row.hold_reason ?? '') !== '')).toBe(true);
  });

  it('ageing is non-empty per entity', async () => {
    for (const code of summary.entityCodes) {
      const entityId = await entityIdOf(code);
      const reports = await inOrganisation((trx) =>
        computeAgeing(trx, { entityId, asOf: referenceDate }),
      );
      const report = reports[0];
      expect(report?.total.count).toBeGreaterThan(0);
      const filled = report?.buckets.filter((bucket) => bucket.count > 0) ?? [];
      expect(filled.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('dunning run creates messages', async () => {
    const entityId = await entityIdOf('NL01');
    const run = await inOrganisation((trx) =>
      runDunning(trx, { organisationId, entityId, asOf: referenceDate, dryRun: false, actor }),
    );
    const stored = await inOrganisation((trx) =>
      trx
        .selectFrom('messages')
        .select(sql<number>`count(*)::bigint`.as('count'))
        .where('entity_id', '=', entityId)
        .executeTakeFirstOrThrow(),
    );
    expect(run.messages.created).toBeGreaterThan(0);
    expect(stored.count).toBeGreaterThan(0);
  });

  it('second load rejected as already_exists', async () => {
    const error = await loadDemoData(testDatabase.database, {
      organisationId,
      actor,
      referenceDate,
      seed,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('already_exists');
  });

  it('invalid date rejected', async () => {
    const error = await loadDemoData(testDatabase.database, {
      organisationId,
      actor,
      referenceDate: '2026-02-30',
    }).catch((caught: unknown) => caught);
    expect((error as AppError).code).toBe('invalid_input');
  });
});
