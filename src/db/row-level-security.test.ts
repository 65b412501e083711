import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEntity } from '../entities/add-entity.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { withOrganisation } from './tenant.ts';

/** Every table with tenant data. Each must be invisible across organisations. */
const tenantTables = [
  'organisations',
  'entities',
  'users',
  'sessions',
  'succession_profiles',
  'steps',
  'segments',
  'segment_changes',
  'debtors',
  'contacts',
  'invoices',
  'payments',
  'allocations',
  'imports',
  'invalid_mobile_numbers',
  'invalid_email_addresses',
  'invalid_phone_numbers',
  'invoice_documents',
  'dunning_runs',
  'message_batches',
  'messages',
  'call_tasks',
  'dunning_states',
  'audit_events',
  'departments',
  'user_groups',
  'user_entities',
  'user_tokens',
  'api_keys',
  'entity_holidays',
  'business_processes',
  'issue_categories',
  'issues',
  'issue_invoices',
  'issue_notes',
  'issue_attachments',
  'issue_events',
  'promises',
  'channel_settings',
  'entity_bank_accounts',
  'bank_statements',
  'charges',
  'charge_allocations',
  'interest_rate_tables',
  'interest_rates',
  'payment_links',
  'payment_link_invoices',
  'provider_payments',
  'arrangements',
  'arrangement_invoices',
  'instalments',
  'portal_secrets',
  'portal_sessions',
  'debtor_bank_accounts',
] as const;

describe('row-level security', () => {
  let test: TestDatabase;
  let organisationA: string;
  let organisationB: string;

  beforeAll(async () => {
    test = await createTestDatabase();
    organisationA = (
      await createOrganisation(test.database, { live: true, slug: 'a', name: 'A', actor: 't' })
    ).id;
    organisationB = (
      await createOrganisation(test.database, { live: true, slug: 'b', name: 'B', actor: 't' })
    ).id;
    await withOrganisation(test.database, organisationA, async (trx) => {
      const entity = await addEntity(trx, {
        organisationId: organisationA,
        actor: 't',
        input: { code: 'A1', name: 'A One', currency: 'EUR', country: 'NL' },
      });
      const debtor = await trx
        .insertInto('debtors')
        .values({
          organisation_id: organisationA,
          entity_id: entity.id,
          number: 'D1',
          name: 'Debtor',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('invoices')
        .values({
          organisation_id: organisationA,
          entity_id: entity.id,
          debtor_id: debtor.id,
          number: 'I1',
          invoice_date: '2024-01-01',
          due_date: '2024-01-31',
          currency: 'EUR',
          amount_minor: 10_000,
        })
        .execute();
    });
  });

  afterAll(async () => {
    await test.drop();
  });

  it('lists every table that has an organisation_id', async () => {
    const result = await sql<{ table_name: string }>`
      select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'organisation_id'
      order by table_name`.execute(test.database.db);

    expect(result.rows.map((row) => row.table_name)).toEqual([...tenantTables].sort());
  });

  it('hides and protects the rows of entities outside the scope', async () => {
    const entityA2 = await withOrganisation(test.database, organisationA, (trx) =>
      addEntity(trx, {
        organisationId: organisationA,
        actor: 't',
        input: { code: 'A2', name: 'A Two', currency: 'EUR', country: 'NL' },
      }),
    );
    const scope = { entityIds: [entityA2.id] };

    const seen = await withOrganisation(
      test.database,
      organisationA,
      async (trx) => ({
        entities: (await trx.selectFrom('entities').select('code').execute()).map((e) => e.code),
        debtors: (await trx.selectFrom('debtors').select('number').execute()).length,
        invoicesUpdated: Number(
          (await trx.updateTable('invoices').set({ hold_reason: 'x' }).executeTakeFirst())
            .numUpdatedRows,
        ),
      }),
      scope,
    );
    const entityA1 = await withOrganisation(test.database, organisationA, (trx) =>
      trx.selectFrom('entities').select('id').where('code', '=', 'A1').executeTakeFirstOrThrow(),
    );
    const intrusion = withOrganisation(
      test.database,
      organisationA,
      (trx) =>
        trx
          .insertInto('debtors')
          .values({
            organisation_id: organisationA,
            entity_id: entityA1.id,
            number: 'D2',
            name: 'Out of scope',
          })
          .execute(),
      scope,
    );

    expect(seen).toEqual({ entities: ['A2'], debtors: 0, invoicesUpdated: 0 });
    await expect(intrusion).rejects.toThrow(/row-level security/);
  });

  it('runs tenant queries as a role without superuser or BYPASSRLS', async () => {
    const role = await withOrganisation(test.database, organisationA, async (trx) => {
      const result = await sql<{ rolsuper: boolean; rolbypassrls: boolean; current_user: string }>`
        select rolsuper, rolbypassrls, current_user
        from pg_roles where rolname = current_user`.execute(trx);
      return result.rows[0];
    });

    expect(role?.current_user).toBe(test.database.tenantRole);
    expect(role?.rolsuper).toBe(false);
    expect(role?.rolbypassrls).toBe(false);
  });

  it.each(tenantTables)('hides rows of %s from another organisation', async (table) => {
    const countFor = (organisationId: string) =>
      withOrganisation(test.database, organisationId, async (trx) => {
        const result = await sql<{ count: number }>`
          select count(*)::int as count from ${sql.table(table)}
          where organisation_id = ${organisationA}`.execute(trx);
        return result.rows[0]?.count ?? 0;
      });

    const seenByA = await countFor(organisationA);
    const seenByB = await countFor(organisationB);

    expect(seenByB).toBe(0);
    if (
      [
        'organisations',
        'entities',
        'debtors',
        'invoices',
        'steps',
        'audit_events',
        'user_groups',
        'departments',
      ].includes(table)
    ) {
      expect(seenByA).toBeGreaterThan(0);
    }
  });

  it('rejects writing a row into another organisation', async () => {
    const attempt = withOrganisation(test.database, organisationB, (trx) =>
      trx
        .insertInto('entities')
        .values({
          organisation_id: organisationA,
          code: 'X',
          name: 'Intruder',
          currency: 'EUR',
          country: 'NL',
          language: 'nl',
          time_zone: 'Europe/Amsterdam',
        })
        .execute(),
    );

    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it('updates and deletes nothing of another organisation', async () => {
    const changed = await withOrganisation(test.database, organisationB, async (trx) => {
      const updated = await trx
        .updateTable('invoices')
        .set({ hold_reason: 'x' })
        .executeTakeFirst();
      const deleted = await trx.deleteFrom('debtors').executeTakeFirst();
      return Number(updated.numUpdatedRows) + Number(deleted.numDeletedRows);
    });
    const remaining = await withOrganisation(test.database, organisationA, (trx) =>
      trx.selectFrom('invoices').select(['hold_reason']).execute(),
    );

    expect(changed).toBe(0);
    expect(remaining).toEqual([{ hold_reason: null }]);
  });
});
