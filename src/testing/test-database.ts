import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { loadHarnessSettings } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

/**
 * A migrated, empty database for one test file: PostgreSQL when the
 * DATABASE_URL environment variable is set (a new database created beside
 * it and dropped afterwards), else PGlite in memory. The test suite runs
 * once on each, so every test runs against both.
 */
export interface TestDatabase {
  database: DatabaseHandle;
  /** Connection string of the created PostgreSQL database; undefined on PGlite. */
  url: string | undefined;
  drop(): Promise<void>;
}

export const TEST_TENANT_ROLE = 'collecta_app';

export function testDatabaseKind(): 'postgres' | 'pglite' {
  return loadHarnessSettings().testDatabaseUrl ? 'postgres' : 'pglite';
}

/**
 * The migrated template that the vitest global setup archived, when this
 * runs under vitest with it; else undefined, and the database starts empty.
 */
export function readPgliteTemplate(): Blob | undefined {
  let archivePath = '';
  try {
    archivePath = inject('pgliteTemplate');
  } catch {
    return undefined;
  }
  return archivePath && fs.existsSync(archivePath)
    ? new Blob([fs.readFileSync(archivePath)])
    : undefined;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = loadHarnessSettings().testDatabaseUrl;
  if (!adminUrl) {
    const database = await openDatabase({
      tenantRole: TEST_TENANT_ROLE,
      initialData: readPgliteTemplate(),
    });
    await migrate(database);
    return { database, url: undefined, drop: () => database.close() };
  }

  const name = `collecta_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();

  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({
    databaseUrl: url.toString(),
    tenantRole: TEST_TENANT_ROLE,
  });
  await migrate(database);

  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
