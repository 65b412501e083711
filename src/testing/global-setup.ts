import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadHarnessSettings } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { TEST_TENANT_ROLE } from './test-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Archive of a migrated, empty PGlite data directory; empty on PostgreSQL runs. */
    pgliteTemplate: string;
  }
}

/**
 * Migrates one PGlite database before the test files run and archives its
 * data directory, so each test file starts from a copy in about a second
 * instead of running initdb and every migration again.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  if (loadHarnessSettings().testDatabaseUrl) {
    project.provide('pgliteTemplate', '');
    return () => undefined;
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-template-'));
  const database = await openDatabase({ tenantRole: TEST_TENANT_ROLE });
  await migrate(database);
  const archive = await database.dumpDataDirectory?.();
  if (!archive) {
    throw new Error('The embedded database could not archive its data directory.');
  }
  const archivePath = path.join(directory, 'template.tar');
  fs.writeFileSync(archivePath, Buffer.from(await archive.arrayBuffer()));
  await database.close();
  project.provide('pgliteTemplate', archivePath);

  return () => fs.rmSync(directory, { recursive: true, force: true });
}
