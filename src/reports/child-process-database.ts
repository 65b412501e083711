import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import {
  TEST_TENANT_ROLE,
  createTestDatabase,
  testDatabaseKind,
} from '../testing/test-database.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A migrated, empty test database that a child `collecta` process can open
 * too: a fresh PostgreSQL database when the suite runs on PostgreSQL, else
 * PGlite persisted in a temporary directory. `environment` contains the
 * variables that point a child process at it.
 */
export interface SharedTestDatabase {
  database: DatabaseHandle;
  environment: Record<string, string>;
  /** Closes the handle. PGlite allows one process at a time, so call this before a child runs. */
  release(): Promise<void>;
  /** Drops the database or removes the directory. */
  destroy(): Promise<void>;
}

export async function createSharedTestDatabase(): Promise<SharedTestDatabase> {
  if (testDatabaseKind() === 'postgres') {
    const created = await createTestDatabase();
    return {
      database: created.database,
      environment: { DATABASE_URL: created.url ?? '' },
      release: async () => undefined,
      destroy: () => created.drop(),
    };
  }

  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-ageing-'));
  const dataDirectory = path.join(directory, 'data');
  const database = await openDatabase({ dataDirectory, tenantRole: TEST_TENANT_ROLE });
  await migrate(database);
  let closed = false;
  const release = async () => {
    if (!closed) {
      closed = true;
      await database.close();
    }
  };

  return {
    database,
    environment: { COLLECTA_DATA_DIR: dataDirectory },
    release,
    async destroy() {
      await release();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

const execFileAsync = promisify(execFile);

/**
 * Runs Node with `args` and exactly `environment` (nothing is inherited from
 * the test process) and returns its exit code and output.
 */
export async function runNode(
  args: string[],
  environment: Record<string, string>,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, {
      cwd: repoRoot,
      env: environment,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      exitCode: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** Runs `./bin/collecta.js` with `args` and exactly `environment`. */
export function runCollecta(args: string[], environment: Record<string, string>) {
  return runNode([path.join(repoRoot, 'bin/collecta.js'), ...args], environment);
}
