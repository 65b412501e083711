import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import { refreshStatistics } from '../db/refresh-statistics.ts';
import { withOrganisation } from '../db/tenant.ts';
import { dateInTimeZone, isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import { addEntity } from '../entities/add-entity.ts';
import { AppError } from '../errors.ts';
import { importReceivables } from '../import/import-receivables.ts';
import type { ImportMapping } from '../import/import-mapping.ts';
import { mappingPresets } from '../import/mapping-presets.ts';
import type { ImportSummary } from '../import/import-summary.ts';
import { DEFAULT_DEMO_SEED, generateDemoData, type DemoEntityData } from './generate-demo-data.ts';
import { seedDemoIssues } from './seed-demo-issues.ts';
import { writeGenericCsv } from './write-generic-csv.ts';

/** Counts of what the demo load created. */
export interface DemoLoadSummary {
  entities: number;
  debtors: number;
  invoices: number;
  payments: number;
  holds: number;
  /** Preset business processes and issue categories created for the demo. */
  processes: number;
  issueCategories: number;
  /** Demo issues registered on debtors of the first entity, open and closed. */
  issues: number;
  /** The day the demo data ends: invoice and payment dates are on or before it. */
  referenceDate: PlainDate;
  entityCodes: string[];
}

const DEMO_TIME_ZONE = 'Europe/Amsterdam';

/**
 * Loads the demo organisation's entities, debtors, a year of invoices and
 * their payments into an organisation that has no entities yet, with the
 * preset business processes and a few open and closed issues on debtors of
 * the first entity. The
 * receivables go through the CSV importer in the `generic` layout, so the
 * demo exercises the real import path. Everything is one transaction.
 * `referenceDate` defaults to today in Amsterdam; the same seed and date
 * give the same data. Throws AppError "already_exists" when the
 * organisation has entities.
 */
export async function loadDemoData(
  database: DatabaseHandle,
  params: { organisationId: string; actor: string; referenceDate?: PlainDate; seed?: number },
): Promise<DemoLoadSummary> {
  const referenceDate = params.referenceDate ?? dateInTimeZone(new Date(), DEMO_TIME_ZONE);
  if (!isPlainDate(referenceDate)) {
    throw new AppError(
      'invalid_input',
      `Demo date "${referenceDate}" is not a valid date; use YYYY-MM-DD, such as 2025-06-30.`,
    );
  }
  const seed = params.seed ?? DEFAULT_DEMO_SEED;
  const data = generateDemoData({ seed, referenceDate });

  const loaded = await withOrganisation(database, params.organisationId, async (trx) => {
    // Two demo loads of one organisation at once would both see no entities.
    await sql`select pg_advisory_xact_lock(hashtext(${`demo:${params.organisationId}`}))`.execute(
      trx,
    );
    await requireNoEntities(trx);

    const summary: DemoLoadSummary = {
      entities: 0,
      debtors: 0,
      invoices: 0,
      payments: 0,
      holds: 0,
      processes: 0,
      issueCategories: 0,
      issues: 0,
      referenceDate,
      entityCodes: [],
    };
    for (const entityData of data) {
      const imported = await loadDemoEntity(trx, { ...params, referenceDate, entityData });
      summary.entities += 1;
      summary.entityCodes.push(entityData.spec.input.code);
      summary.debtors += imported.debtors.new;
      summary.invoices += imported.invoices.new;
      summary.payments += imported.payments.new;
      summary.holds += entityData.receivables.holds.length;
    }
    const issueEntity = await trx
      .selectFrom('entities')
      .select(['id', 'code'])
      .where('code', '=', summary.entityCodes[0] ?? '')
      .executeTakeFirstOrThrow();
    const issues = await seedDemoIssues(trx, { ...params, referenceDate, entity: issueEntity });
    summary.processes = issues.processes;
    summary.issueCategories = issues.categories;
    summary.issues = issues.issues;
    await recordAudit(trx, {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'demo.loaded',
      subjectType: 'organisation',
      subjectId: params.organisationId,
      after: { seed, ...summary },
    });

    return summary;
  });
  await refreshStatistics(database);

  return loaded;
}

function genericMapping(): ImportMapping {
  const mapping = mappingPresets.generic;
  if (!mapping) {
    throw new Error('The import mapping preset "generic" is missing');
  }

  return mapping;
}

async function requireNoEntities(trx: Executor): Promise<void> {
  const existing = await trx.selectFrom('entities').select('code').limit(1).executeTakeFirst();
  if (existing) {
    throw new AppError(
      'already_exists',
      `The organisation already has entities (such as ${existing.code}); the demo data loads only into an organisation without any. Create a new organisation with "collecta organisation add" and load the demo there.`,
    );
  }
}

/** Adds one demo entity, imports its receivables file and puts the chosen invoices on hold. */
async function loadDemoEntity(
  trx: Executor,
  params: {
    organisationId: string;
    actor: string;
    referenceDate: PlainDate;
    entityData: DemoEntityData;
  },
): Promise<ImportSummary> {
  const { spec, receivables } = params.entityData;
  const entity = await addEntity(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    input: spec.input,
  });
  await trx
    .updateTable('entities')
    .set({
      address_line: spec.details.addressLine,
      postal_code: spec.details.postalCode,
      city: spec.details.city,
      coc_number: spec.details.cocNumber,
      vat_number: spec.details.vatNumber,
    })
    .where('id', '=', entity.id)
    .execute();

  const summary = await importReceivables(trx, {
    organisationId: params.organisationId,
    entityId: entity.id,
    actor: params.actor,
    fileName: `demo-${spec.input.code.toLowerCase()}.csv`,
    content: Buffer.from(writeGenericCsv(receivables), 'utf8'),
    mapping: genericMapping(),
    importDate: params.referenceDate,
  });

  // NOTE: the generic import layout has no hold column, so holds are set here directly.
  for (const hold of receivables.holds) {
    await trx
      .updateTable('invoices')
      .set({ hold_reason: hold.reason, hold_until: hold.until })
      .where('entity_id', '=', entity.id)
      .where('number', '=', hold.invoiceNumber)
      .execute();
  }

  return summary;
}
