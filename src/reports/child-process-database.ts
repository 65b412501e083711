import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli } from '../cli/run-cli.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import {
  TEST_TENANT_ROLE,
  createTestDatabase,
  readPgliteTemplate,
  testDatabaseKind,
} from '../testing/test-database.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A migrated, empty test database that a child `collecta` process can open
 * too: a fresh PostgreSQL database when the suite runs on PostgreSQL, else
 * PGlite persisted in a temporary directory. `environment` contains the
 * variables that point a child process at it. `runCollectaInProcess` uses
 * `database` as it is, so it stays open while the commands run.
 */
export interface SharedTestDatabase {
  database: DatabaseHandle;
  environment: Record<string, string>;
  /**
   * Closes the handle. PGlite allows one process at a time, so call this
   * before a child process runs. In-process runs need the handle open.
   */
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
  const database = await openDatabase({
    dataDirectory,
    tenantRole: TEST_TENANT_ROLE,
    initialData: readPgliteTemplate(),
  });
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

/** What a `collecta` run printed, and its exit code. */
export interface CollectaResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs Node with `args` and exactly `environment` (nothing is inherited from
 * the test process) and returns its exit code and output.
 */
export async function runNode(
  args: string[],
  environment: Record<string, string>,
): Promise<CollectaResult> {
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

/**
 * Runs the `collecta` command line with `args` in this process: it reads its
 * configuration from exactly `environment` and uses `database` as it is,
 * without migrating or closing it. Without `database`, a command that needs
 * one opens the configured database, as the binary does. Output and exit
 * code are those that `runCollecta` reports for a child process.
 */
export async function runCollectaInProcess(
  args: string[],
  options: { environment: Record<string, string>; database?: DatabaseHandle | undefined },
): Promise<CollectaResult> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    environment: { ...options.environment },
    database: options.database,
  });

  return { exitCode, stdout, stderr };
}
