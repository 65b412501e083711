import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addEntity } from '../entities/add-entity.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { importReceivables, type ImportReceivablesParams } from './import-receivables.ts';
import type { ImportSummary } from './import-summary.ts';
import { resolveMapping } from './resolve-mapping.ts';

export const TEST_ACTOR = 'cli:test';

export interface ImportTarget {
  database: DatabaseHandle;
  organisationId: string;
  entityId: string;
}

let organisationCount = 0;

/** Creates an organisation (with its default segment) and one entity to import into. */
export async function buildImportTarget(
  database: DatabaseHandle,
  entity: { code?: string; currency?: string; country?: string } = {},
): Promise<ImportTarget> {
  organisationCount += 1;
  const organisation = await createOrganisation(database, {
    live: true,
    slug: `import-test-${organisationCount}-${Date.now()}`,
    name: 'Import test',
    actor: TEST_ACTOR,
  });
  const created = await withOrganisation(database, organisation.id, (trx) =>
    addEntity(trx, {
      organisationId: organisation.id,
      actor: TEST_ACTOR,
      input: {
        code: entity.code ?? 'NL01',
        name: 'Test entity',
        currency: entity.currency ?? 'EUR',
        country: entity.country ?? 'NL',
      },
    }),
  );

  return { database, organisationId: organisation.id, entityId: created.id };
}

/** Runs one import of `content` in its own tenant transaction; the mapping defaults to generic. */
export async function runImport(
  target: ImportTarget,
  content: string | Buffer,
  options: Partial<Omit<ImportReceivablesParams, 'content'>> = {},
): Promise<ImportSummary> {
  return withOrganisation(target.database, target.organisationId, (trx) =>
    importReceivables(trx, {
      organisationId: target.organisationId,
      entityId: target.entityId,
      actor: TEST_ACTOR,
      fileName: 'receivables.csv',
      mapping: resolveMapping('generic'),
      importDate: '2024-08-15',
      ...options,
      content: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
    }),
  );
}

/** Lines joined with "\n" and a final line break, as a CSV file. */
export function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
