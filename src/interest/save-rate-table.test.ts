import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { calculateInterest } from './calculate-interest.ts';
import { loadInterestRateTable } from './load-rate-table.ts';
import { loadRateTableViews } from './rate-table-view.ts';
import { saveInterestRateTable, type SaveRateTableParams } from './save-rate-table.ts';
import { COMMERCIAL_INTEREST_RATES, CONSUMER_INTEREST_RATES } from './statutory-interest-rates.ts';

describe('saveInterestRateTable', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  let otherOrganisationId: string;

  const save = (
    params: Omit<SaveRateTableParams, 'organisationId' | 'actor'>,
    orgId = organisationId,
  ) =>
    withOrganisation(testDatabase.database, orgId, (trx) =>
      saveInterestRateTable(trx, { ...params, organisationId: orgId, actor: 'cli:tester' }),
    );
  const load = (kind: 'consumer' | 'commercial', orgId = organisationId) =>
    withOrganisation(testDatabase.database, orgId, (trx) =>
      loadInterestRateTable(trx, { organisationId: orgId, kind }),
    );
  const rejection = (params: Omit<SaveRateTableParams, 'organisationId' | 'actor'>) =>
    save(params).then(
      () => {
        throw new Error('the save was expected to fail');
      },
      (error: unknown) => error as AppError,
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const organisation = await createOrganisation(testDatabase.database, {
      live: true,
      slug: 'rates',
      name: 'Rates',
      actor: 'test',
    });
    organisationId = organisation.id;
    const other = await createOrganisation(testDatabase.database, {
      live: true,
      slug: 'other',
      name: 'Other',
      actor: 'test',
    });
    otherOrganisationId = other.id;
  });

  afterAll(async () => {
    await testDatabase?.drop();
  });

  it('loads the built-in table before a save', async () => {
    const table = await load('consumer');

    expect(table.source).toBe('built-in');
    expect(table.entries).toEqual(CONSUMER_INTEREST_RATES.entries);
    expect(table.coveredThrough).toBe(CONSUMER_INTEREST_RATES.coveredThrough);
  });

  it('round-trips a saved table', async () => {
    const entries = [
      ...COMMERCIAL_INTEREST_RATES.entries,
      { from: '2026-01-01', basisPoints: 1015 },
    ];
    await save({ kind: 'commercial', entries, coveredThrough: '2026-06-30' });

    const table = await load('commercial');
    expect(table.source).toBe('organisation');
    expect(table.entries).toEqual(entries);
    expect(table.coveredThrough).toBe('2026-06-30');
    const consumer = await load('consumer');
    expect(consumer.source).toBe('built-in');
  });

  it('replaces every rate on a second save', async () => {
    await save({
      kind: 'commercial',
      entries: [
        { from: '2024-01-01', basisPoints: 1250 },
        { from: '2024-07-01', basisPoints: 1225 },
      ],
      coveredThrough: '2024-12-31',
    });

    const table = await load('commercial');
    expect(table.entries).toEqual([
      { from: '2024-01-01', basisPoints: 1250 },
      { from: '2024-07-01', basisPoints: 1225 },
    ]);
    expect(table.coveredThrough).toBe('2024-12-31');
  });

  it('audits the table before and after', async () => {
    const events = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'subject_id', 'before', 'after'])
        .where('action', '=', 'interest_rates.updated')
        .orderBy('occurred_at')
        .execute(),
    );

    expect(events).toHaveLength(2);
    const [first, second] = events;
    expect(first?.actor).toBe('cli:tester');
    expect(first?.subject_id).toBe('commercial');
    expect(first?.before).toMatchObject({ source: 'built-in', coveredThrough: '2025-12-31' });
    expect(first?.after).toMatchObject({ source: 'organisation', coveredThrough: '2026-06-30' });
    expect(second?.before).toMatchObject({ source: 'organisation', coveredThrough: '2026-06-30' });
    expect(second?.after).toEqual({
      source: 'organisation',
      coveredThrough: '2024-12-31',
      rates: [
        { validFrom: '2024-01-01', rate: '12.50' },
        { validFrom: '2024-07-01', rate: '12.25' },
      ],
    });
  });

  it('keeps other organisations on the built-in table', async () => {
    const table = await load('commercial', otherOrganisationId);

    expect(table.source).toBe('built-in');
    expect(table.entries).toEqual(COMMERCIAL_INTEREST_RATES.entries);
  });

  it('warns past an updated table', async () => {
    const table = await load('commercial');

    const result = calculateInterest({
      principalMinor: 100_000,
      from: '2024-06-01',
      to: '2025-03-31',
      table,
      dayCount: 'act365',
    });

    expect(result.beyondTable).toEqual({ coveredThrough: '2024-12-31', appliedBasisPoints: 1225 });
  });

  it('lists both tables with who saved them', async () => {
    const views = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      loadRateTableViews(trx, organisationId),
    );

    expect(views.map((view) => [view.kind, view.source])).toEqual([
      ['consumer', 'built-in'],
      ['commercial', 'organisation'],
    ]);
    expect(views[0]?.updatedBy).toBeNull();
    expect(views[1]?.updatedBy).toEqual({ actor: 'cli:tester', name: 'cli:tester' });
    expect(views[1]?.entries[1]).toEqual({ validFrom: '2024-07-01', rate: '12.25' });
  });

  it.each([
    ['no rates', { entries: [], coveredThrough: '2024-12-31' }, 'entries', 'add at least one rate'],
    [
      'dates out of order',
      {
        entries: [
          { from: '2024-07-01', basisPoints: 1225 },
          { from: '2024-01-01', basisPoints: 1250 },
        ],
        coveredThrough: '2024-12-31',
      },
      'entries.1.validFrom',
      '2024-01-01 comes after 2024-07-01; list the rates in date order',
    ],
    [
      'a repeated date',
      {
        entries: [
          { from: '2024-01-01', basisPoints: 1250 },
          { from: '2024-01-01', basisPoints: 1225 },
        ],
        coveredThrough: '2024-12-31',
      },
      'entries.1.validFrom',
      '2024-01-01 is given twice; keep one rate per date',
    ],
    [
      'a rate above 100 %',
      { entries: [{ from: '2024-01-01', basisPoints: 10_001 }], coveredThrough: '2024-12-31' },
      'entries.0.rate',
      '100.01 % is not a rate from 0.00 to 100.00 %',
    ],
    [
      'a negative rate',
      { entries: [{ from: '2024-01-01', basisPoints: -1 }], coveredThrough: '2024-12-31' },
      'entries.0.rate',
      '-0.01 % is not a rate from 0.00 to 100.00 %',
    ],
    [
      'an invalid date',
      { entries: [{ from: '2024-02-30', basisPoints: 800 }], coveredThrough: '2024-12-31' },
      'entries.0.validFrom',
      '"2024-02-30" is not a YYYY-MM-DD date',
    ],
    [
      'covered through before the last rate',
      {
        entries: [
          { from: '2024-01-01', basisPoints: 1250 },
          { from: '2024-07-01', basisPoints: 1225 },
        ],
        coveredThrough: '2024-06-30',
      },
      'coveredThrough',
      "2024-06-30 is before the last rate's date 2024-07-01; the table must cover at least that day",
    ],
    [
      'covered through before the first rate',
      { entries: [{ from: '2024-01-01', basisPoints: 1250 }], coveredThrough: '2023-12-31' },
      'coveredThrough',
      "2023-12-31 is before the last rate's date 2024-01-01; the table must cover at least that day",
    ],
  ])('rejects %s and changes nothing', async (_case, input, field, message) => {
    const error = await rejection({ kind: 'commercial', ...input });

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('invalid_input');
    expect(error.details).toEqual({ fields: [{ field, message }] });
    expect(error.message).toContain(`${field}: ${message}`);
    const table = await load('commercial');
    expect(table.coveredThrough).toBe('2024-12-31');
    expect(table.entries).toHaveLength(2);
  });
});
