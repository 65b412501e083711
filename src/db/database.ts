import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, sql, type Transaction } from 'kysely';
import { PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { lockDataDirectory } from './data-directory-lock.ts';
import { PGliteDialect, type PGliteDriver } from './pglite-dialect.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export interface JobSqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface RawExecutor {
  script(text: string): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * An open database: Kysely for queries, plus what the job queue and the
 * migrator need from the underlying driver.
 */
export interface DatabaseHandle {
  kind: 'pglite' | 'postgres';
  db: Kysely<Database>;
  /** Role that tenant transactions switch to, so that row-level security applies. */
  tenantRole: string;
  /** Runs SQL text that may hold several statements and no parameters. */
  runScript(text: string): Promise<void>;
  /** Runs one statement with parameters outside Kysely, for the job queue. */
  runStatement(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  /** Runs `work` in one transaction on a raw connection that also takes multi-statement scripts. */
  withRawTransaction<T>(work: (raw: RawExecutor) => Promise<T>): Promise<T>;
  /** Connection string on PostgreSQL, for clients with a pool of their own; undefined on PGlite. */
  url: string | undefined;
  /** Statement runner for pg-boss on PGlite: it shares the Kysely queue of the one session. */
  jobExecutor: JobSqlExecutor;
  /** PGlite only: an archive of the whole data directory, which `initialData` can start from. */
  dumpDataDirectory?: () => Promise<Blob>;
  close(): Promise<void>;
}

const PG_DATE_OID = 1082;
const PG_INT8_OID = 20;
const PG_NUMERIC_OID = 1700;

/** Reads int8 as a JavaScript number and refuses values that would lose precision. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  }
  return value;
}

const keepText = (text: string) => text;

/**
 * Opens PostgreSQL when `databaseUrl` is given, else PGlite persisted under
 * `dataDirectory` (or in memory when that is undefined). Both paths read
 * `date` as `YYYY-MM-DD` text and `int8` as a number, so due dates never
 * shift with the process time zone and amounts compare the same way.
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDirectory?: string | undefined;
  tenantRole: string;
  /** PGlite only: start from this data-directory archive (as made by `dumpDataDir`). */
  initialData?: Blob | undefined;
  /**
   * PostgreSQL only: called when an idle pooled connection fails, such as
   * when the server restarts. The pool drops that connection and opens a
   * new one when needed; by default the error is ignored.
   */
  onIdleConnectionError?: ((error: Error) => void) | undefined;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.tenantRole, options.onIdleConnectionError);
  }
  return openPglite(options.dataDirectory, options.tenantRole, options.initialData);
}

async function openPostgres(
  databaseUrl: string,
  tenantRole: string,
  onIdleConnectionError: (error: Error) => void = () => undefined,
): Promise<DatabaseHandle> {
  const parsers = new Map<number, (text: string) => unknown>([
    [PG_DATE_OID, keepText],
    [PG_INT8_OID, parseInt8],
    [PG_NUMERIC_OID, keepText],
  ]);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers.get(oid) ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener, an error of an idle connection would end the process.
  pool.on('error', onIdleConnectionError);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  return {
    kind: 'postgres',
    db,
    tenantRole,
    url: databaseUrl,
    jobExecutor: {
      async executeSql(text, values) {
        const result = await pool.query(text, values);
        return { rows: result.rows ?? [] };
      },
    },
    async runScript(text) {
      await pool.query(text);
    },
    async runStatement(text, values) {
      const result = await pool.query(text, values);
      return { rows: result.rows };
    },
    async withRawTransaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({
          script: async (text) => {
            await client.query(text);
          },
          query: async (text, values) => ({ rows: (await client.query(text, values)).rows }),
        });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPglite(
  dataDirectory: string | undefined,
  tenantRole: string,
  initialData: Blob | undefined,
): Promise<DatabaseHandle> {
  let unlock = () => {};
  if (dataDirectory) {
    fs.mkdirSync(path.dirname(dataDirectory), { recursive: true });
    unlock = lockDataDirectory(dataDirectory);
  }
  const pglite = await PGlite.create({
    ...(dataDirectory ? { dataDir: dataDirectory } : {}),
    ...(initialData ? { loadDataDir: initialData } : {}),
    parsers: {
      [pgliteTypes.DATE]: keepText,
      [pgliteTypes.INT8]: parseInt8,
      [pgliteTypes.NUMERIC]: keepText,
    },
  });
  const dialect = new PGliteDialect(pglite);
  const driver: PGliteDriver = dialect.driver;
  const db = new Kysely<Database>({ dialect });

  return {
    kind: 'pglite',
    db,
    tenantRole,
    url: undefined,
    jobExecutor: {
      executeSql: (text, values) =>
        driver.runExclusive((instance) => runJobSql(instance, text, values)),
    },
    runScript: (text) =>
      driver.runExclusive(async (instance) => {
        await instance.exec(text);
      }),
    runStatement: (text, values) =>
      driver.runExclusive(async (instance) => {
        const result = await instance.query(text, values);
        return { rows: result.rows };
      }),
    dumpDataDirectory: () => driver.runExclusive((instance) => instance.dumpDataDir('none')),
    withRawTransaction: (work) =>
      driver.runExclusive((instance) =>
        instance.transaction((tx) =>
          work({
            script: async (text) => {
              await tx.exec(text);
            },
            query: async (text, values) => ({ rows: (await tx.query(text, values)).rows }),
          }),
        ),
      ),
    async close() {
      await db.destroy();
      unlock();
    },
  };
}

const WRAPPED_SCRIPT = /^\s*BEGIN\s*;([\s\S]*?);?\s*COMMIT\s*;?\s*$/i;

/**
 * Runs one of pg-boss's statements on PGlite. Statements with parameters go
 * through `query` (prepared); pg-boss's `BEGIN; ... COMMIT;` scripts run,
 * without their outer BEGIN and COMMIT, inside a PGlite transaction; other
 * parameterless SQL goes through `exec`, which takes several statements.
 * `query` alone rejects multi-statement text and `exec` alone rejects
 * parameters, hence the three paths.
 */
async function runJobSql(
  instance: PGlite,
  text: string,
  values: unknown[] | undefined,
): Promise<{ rows: unknown[] }> {
  if (values && values.length > 0) {
    const result = await instance.query(text, values);
    return { rows: result.rows };
  }
  const wrapped = WRAPPED_SCRIPT.exec(text);
  if (wrapped) {
    await instance.transaction(async (tx) => {
      await tx.exec(wrapped[1] ?? '');
    });
    return { rows: [] };
  }
  try {
    const results = await instance.exec(text);
    return { rows: results.at(-1)?.rows ?? [] };
  } catch (error) {
    // A failed statement can leave the one session inside an aborted transaction.
    await instance.exec('rollback').catch(() => undefined);
    throw error;
  }
}

/** `SET LOCAL ROLE` and the tenant setting, for the start of a tenant transaction. */
export async function enterOrganisation(
  trx: Transaction<Database>,
  tenantRole: string,
  organisationId: string,
  entityIds: readonly string[] | null = null,
): Promise<void> {
  await sql`select set_config('collecta.organisation_id', ${organisationId}, true),
    set_config('collecta.entity_ids', ${entityIds === null ? '' : entityIds.join(',')}, true)`.execute(
    trx,
  );
  await sql.raw(`set local role ${tenantRole}`).execute(trx);
}
