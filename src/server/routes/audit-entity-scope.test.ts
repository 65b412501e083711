import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../audit/record-audit.ts';
import { migrationsDirectory } from '../../db/migrate.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { addEntity } from '../../entities/add-entity.ts';
import { setEntityHolidays } from '../../entities/set-entity-holidays.ts';
import { updateEntity } from '../../entities/update-entity.ts';
import { importReceivables } from '../../import/import-receivables.ts';
import { resolveMapping } from '../../import/resolve-mapping.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildTestUser } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface AuditItem {
  action: string;
  subjectType: string;
  subjectId: string | null;
  after: unknown;
}

const HEADER = 'debtor_number,debtor_name,debtor_email,invoice_number,invoice_date,due_date,amount';

/**
 * Entity scope of the audit log: a user limited to NL01 sees NL01's events
 * and the organisation-level events (entity_id NULL), but no event about
 * DE01's data, whether a single event or one written in bulk by an import.
 */
describe('audit events under entity scope', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let nlId: string;
  let deId: string;
  let admin: LoggedIn;
  let nlAuditor: LoggedIn;

  const search = async (session: LoggedIn, query = ''): Promise<AuditItem[]> => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/audit-events?limit=200&${query}`,
      headers: session.headers,
    });
    if (response.statusCode !== 200) {
      throw new Error(`search ${query} failed with ${response.statusCode}: ${response.body}`);
    }
    return (response.json() as { items: AuditItem[] }).items;
  };

  /** Writes every kind of entity event for one entity: created, updated, holidays and an import. */
  const writeEntityEvents = (code: string, country: string) =>
    withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const entity = await addEntity(trx, {
        organisationId,
        actor: 'test',
        input: { code, name: `Entity ${code}`, currency: 'EUR', country },
      });
      await updateEntity(trx, {
        organisationId,
        entityId: entity.id,
        actor: 'test',
        input: { senderName: `Credit team ${code}` },
      });
      await setEntityHolidays(trx, {
        organisationId,
        entityId: entity.id,
        actor: 'test',
        holidays: [{ date: '2025-12-24', name: `Closing day ${code}` }],
      });
      await importReceivables(trx, {
        organisationId,
        entityId: entity.id,
        actor: 'test',
        fileName: `${code}.csv`,
        mapping: resolveMapping('generic'),
        importDate: '2025-03-01',
        content: Buffer.from(
          `${HEADER}\n${code}-D1,${code} Debtor BV,ap@${code.toLowerCase()}.example,${code}-INV-1,2025-01-01,2025-01-31,250.00\n`,
          'utf8',
        ),
      });
      return entity.id;
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const organisation = await buildOrganisationWithUser(database, {
      slug: 'audit-scope',
      username: 'scope-admin',
    });
    organisationId = organisation.organisationId;
    nlId = await writeEntityEvents('NL01', 'NL');
    deId = await writeEntityEvents('DE01', 'DE');
    await buildTestUser(database, organisationId, {
      username: 'nl-auditor',
      group: 'auditor',
      entityIds: [nlId],
    });
    admin = await logInAs(server.app, 'scope-admin');
    nlAuditor = await logInAs(server.app, 'nl-auditor');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('stores the entity of each event', async () => {
    const rows = await testDatabase.database.db
      .selectFrom('audit_events')
      .select(['action', 'entity_id'])
      .where('organisation_id', '=', organisationId)
      .where('action', 'in', ['entity.created', 'debtor.created', 'import.completed'])
      .execute();
    const stored = rows.map((row) => `${row.action} ${row.entity_id}`).sort();
    const expected = ['entity.created', 'debtor.created', 'import.completed']
      .flatMap((action) => [`${action} ${nlId}`, `${action} ${deId}`])
      .sort();

    expect(stored).toEqual(expected);
  });

  it('unlimited user sees both entities', async () => {
    const items = await search(admin);
    const entitySubjects = items.filter((item) => item.subjectType === 'entity');
    const debtorNames = items
      .filter((item) => item.action === 'debtor.created')
      .map((item) => (item.after as { name: string }).name)
      .sort();

    expect(new Set(entitySubjects.map((item) => item.subjectId))).toEqual(new Set([nlId, deId]));
    expect(debtorNames).toEqual(['DE01 Debtor BV', 'NL01 Debtor BV']);
  });

  it('NL01 auditor sees no DE01 event', async () => {
    const items = await search(nlAuditor);
    const text = JSON.stringify(items);

    expect(items.some((item) => item.subjectId === deId)).toBe(false);
    expect(text).not.toContain('DE01');
    expect(text).not.toContain('de01.example');
  });

  it('NL01 auditor sees NL01 entity events', async () => {
    const actions = (await search(nlAuditor, `subjectType=entity&subjectId=${nlId}`))
      .map((item) => item.action)
      .sort();

    expect(actions).toEqual(['entity.created', 'entity.holidays_set', 'entity.updated']);
  });

  it('NL01 auditor sees NL01 import events', async () => {
    const items = await search(nlAuditor);
    const debtors = items.filter((item) => item.action === 'debtor.created');
    const invoices = items.filter((item) => item.action === 'invoice.created');
    const imports = items.filter((item) => item.action === 'import.completed');

    expect(debtors.map((item) => (item.after as { name: string }).name)).toEqual([
      'NL01 Debtor BV',
    ]);
    expect(invoices).toHaveLength(1);
    expect(imports.map((item) => (item.after as { fileName: string }).fileName)).toEqual([
      'NL01.csv',
    ]);
  });

  it('DE01 subject search is empty for NL01 auditor', async () => {
    expect(await search(nlAuditor, `subjectId=${deId}`)).toEqual([]);
    expect(await search(nlAuditor, 'q=DE01')).toEqual([]);
  });

  it('NL01 auditor sees organisation-level events', async () => {
    const actions = (await search(nlAuditor)).map((item) => item.action);

    expect(actions).toContain('user.created');
    expect(actions).toContain('organisation.seeded');
  });

  it('NL01 transaction cannot write DE01 event', async () => {
    const write = withOrganisation(
      testDatabase.database,
      organisationId,
      (trx) =>
        recordAudit(trx, {
          organisationId,
          actor: 'test',
          action: 'entity.updated',
          subjectType: 'entity',
          subjectId: deId,
          entityId: deId,
        }),
      { entityIds: [nlId] },
    );

    await expect(write).rejects.toThrow(/row-level security/);
  });

  it('backfill sets the entity of old debtor events', async () => {
    const debtor = await testDatabase.database.db
      .selectFrom('debtors')
      .select('id')
      .where('entity_id', '=', deId)
      .executeTakeFirstOrThrow();
    const inserted = await testDatabase.database.db
      .insertInto('audit_events')
      .values({
        organisation_id: organisationId,
        actor: 'test',
        action: 'debtor.updated',
        subject_type: 'debtor',
        subject_id: debtor.id,
        before: null,
        after: null,
      })
      .returning(['id', 'entity_id'])
      .executeTakeFirstOrThrow();
    expect(inserted.entity_id).toBeNull();

    await testDatabase.database.runScript(backfillStatements());
    const updated = await testDatabase.database.db
      .selectFrom('audit_events')
      .select('entity_id')
      .where('id', '=', inserted.id)
      .executeTakeFirstOrThrow();

    expect(updated.entity_id).toBe(deId);
    expect(await search(nlAuditor, `subjectId=${debtor.id}`)).toEqual([]);
  });
});

/** Reads the migration's backfill statements: from its "-- Backfill" comment to its policy. */
function backfillStatements(): string {
  const text = fs.readFileSync(path.join(migrationsDirectory, '0011_audit_entity.sql'), 'utf8');
  const start = text.indexOf('-- Backfill');
  const end = text.indexOf('-- Entity scope');
  if (start < 0 || end < start) {
    throw new Error('0011_audit_entity.sql has no backfill section between its marker comments');
  }
  return text.slice(start, end);
}
