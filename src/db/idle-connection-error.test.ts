import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../testing/test-database.ts';
import { openDatabase, type DatabaseHandle } from './database.ts';

// PGlite has no connection pool, so this concerns PostgreSQL only.
describe.skipIf(testDatabaseKind() !== 'postgres')('idle connection error', () => {
  let test: TestDatabase;
  let database: DatabaseHandle;
  const errors: Error[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    database = await openDatabase({
      databaseUrl: test.url,
      tenantRole: test.database.tenantRole,
      onIdleConnectionError: (error) => errors.push(error),
    });
  });

  afterAll(async () => {
    await database.close();
    await test.drop();
  });

  it('goes to the handler and the pool recovers', async () => {
    const backend = await database.runStatement('select pg_backend_pid() as pid', []);
    const pid = Number((backend.rows[0] as { pid: number }).pid);
    const admin = new pg.Client({ connectionString: test.url });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [pid]);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const after = await database.runStatement('select 1 as one', []);

    expect(errors.map((error) => (error as Error & { code?: string }).code)).toEqual(['57P01']);
    expect(after.rows).toEqual([{ one: 1 }]);
  });
});
