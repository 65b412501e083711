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

  it('preset processes are created', async () => {
    const processes = await inOrganisation((trx) =>
      trx.selectFrom('business_processes').select('name').orderBy('name').execute(),
    );
    const categories = await inOrganisation((trx) =>
      trx.selectFrom('issue_categories').select('name').execute(),
    );
    expect(summary.processes).toBe(4);
    expect(summary.issueCategories).toBe(9);
    expect(processes.map((row) => row.name)).toEqual(['Delivery', 'Projects', 'Sales', 'Service']);
    expect(categories).toHaveLength(9);
  });

  it('demo issues cover statuses and categories', async () => {
    const issues = await inOrganisation((trx) =>
      trx
        .selectFrom('issues as i')
        .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
        .innerJoin('entities as e', 'e.id', 'i.entity_id')
        .select([
          'i.id',
          'i.status',
          'i.debtor_id',
          'i.opened_on',
          'i.closed_on',
          'i.deadline',
          'i.outcome',
          'c.name as category',
          'e.code as entity',
        ])
        .execute(),
    );
    const statuses = issues.map((issue) => issue.status).sort();
    expect(summary.issues).toBe(6);
    expect(issues).toHaveLength(6);
    expect(statuses).toEqual([
      'in_progress',
      'new',
      'new',
      'rejected',
      'resolved',
      'waiting_for_debtor',
    ]);
    expect(new Set(issues.map((issue) => issue.category)).size).toBe(6);
    expect(new Set(issues.map((issue) => issue.debtor_id)).size).toBe(6);
    expect(issues.every((issue) => issue.entity === 'NL01')).toBe(true);
    expect(issues.every((issue) => String(issue.opened_on) <= referenceDate)).toBe(true);
  });

  it('one open demo issue is past its deadline', async () => {
    const overdue = await inOrganisation((trx) =>
      trx
        .selectFrom('issues')
        .select(['deadline', 'status'])
        .where('status', 'in', ['new', 'in_progress', 'waiting_for_debtor'])
        .where('deadline', '<', referenceDate)
        .execute(),
    );
    expect(overdue).toHaveLength(1);
  });

  it('one demo issue was resolved recently', async () => {
    const resolved = await inOrganisation((trx) =>
      trx
        .selectFrom('issues')
        .select(['closed_on', 'outcome', 'credit_note_expected'])
        .where('status', '=', 'resolved')
        .execute(),
    );
    expect(resolved).toHaveLength(1);
    expect(String(resolved[0]?.closed_on)).toBe('2026-06-28');
    expect(resolved[0]?.outcome).toBe('favour_debtor');
    expect(resolved[0]?.credit_note_expected).toBe(true);
  });

  it('demo issues have their history', async () => {
    const events = await inOrganisation((trx) =>
      trx.selectFrom('issue_events').select('kind').execute(),
    );
    const kinds = events.map((event) => event.kind);
    expect(kinds.filter((kind) => kind === 'created')).toHaveLength(6);
    expect(kinds.filter((kind) => kind === 'status_changed')).toHaveLength(2);
    expect(kinds).toContain('resolved');
    expect(kinds).toContain('rejected');
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
