import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

export const migrationsDirectory = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../migrations',
);

/** Arbitrary constant that serialises migrators on PostgreSQL across processes. */
const MIGRATION_LOCK_KEY = 7_305_118_202;

/**
 * Applies every migration in `migrations/` not applied yet, in file-name
 * order, each in its own transaction, then makes sure the tenant role exists
 * and may use the tables. Returns the names applied now.
 */
export async function migrate(database: DatabaseHandle): Promise<string[]> {
  const files = fs
    .readdirSync(migrationsDirectory)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const applied: string[] = [];

  await database.runScript(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);

  for (const name of files) {
    const text = fs.readFileSync(path.join(migrationsDirectory, name), 'utf8');
    const wasApplied = await database.withRawTransaction(async (raw) => {
      await raw.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await raw.query('select name from schema_migrations where name = $1', [name]);
      if (done.rows.length > 0) {
        return false;
      }
      await raw.script(text);
      await raw.query('insert into schema_migrations (name) values ($1)', [name]);
      return true;
    });
    if (wasApplied) {
      applied.push(name);
    }
  }

  await grantTenantRole(database);

  return applied;
}

/**
 * Creates the tenant role (no login, not superuser, no BYPASSRLS, so that
 * row-level security applies to it) and grants it the tables. Parallel
 * migrators of several databases in one cluster may race to create the
 * role; the loser's error is ignored.
 */
async function grantTenantRole(database: DatabaseHandle): Promise<void> {
  const role = database.tenantRole;
  await database.runScript(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END
    $$;
    GRANT USAGE ON SCHEMA public TO ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
    REVOKE ALL ON schema_migrations FROM ${role};
  `);
  const member = await sql<{ is_member: boolean }>`
    select pg_has_role(current_user, ${role}, 'member') as is_member`.execute(database.db);
  if (!member.rows[0]?.is_member) {
    await database.runScript(`GRANT ${role} TO current_user;`);
  }
}
