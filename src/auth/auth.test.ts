import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createUser } from './create-user.ts';
import { ensureFirstAdministrator, type FirstAdministrator } from './ensure-first-administrator.ts';
import { findSession } from './find-session.ts';
import { logIn } from './log-in.ts';

describe('first administrator and sessions', () => {
  let testDatabase: TestDatabase;
  let firstId: string;
  let secondId: string;
  let administrator: FirstAdministrator | undefined;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    firstId = (
      await createOrganisation(database, { live: true, slug: 'first', name: 'F', actor: 'test' })
    ).id;
    secondId = (
      await createOrganisation(database, { live: true, slug: 'second', name: 'S', actor: 'test' })
    ).id;
    administrator = await ensureFirstAdministrator(database, firstId);
  });

  afterAll(async () => {
    await testDatabase.drop();
  });

  const hoursLeft = async () => {
    const result = await sql<{ hours: string }>`
      select extract(epoch from max(expires_at) - now()) / 3600 as hours
      from sessions`.execute(testDatabase.database.db);
    return Number(result.rows[0]?.hours);
  };

  const newSessionToken = async () => {
    const session = await logIn(testDatabase.database, {
      username: administrator?.username ?? '',
      password: administrator?.password ?? '',
      ttlHours: 12,
    });
    return session.token;
  };

  it('first administrator is admin with a hashed password', async () => {
    const stored = await testDatabase.database.db
      .selectFrom('users')
      .select(['username', 'password_hash'])
      .where('organisation_id', '=', firstId)
      .execute();

    expect(administrator?.username).toBe('admin');
    expect(administrator?.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored[0]?.password_hash).not.toContain(administrator?.password);
  });

  it('first administrator is made only once', async () => {
    const again = await ensureFirstAdministrator(testDatabase.database, firstId);

    expect(again).toBeUndefined();
  });

  it('first administrator takes the slug when admin exists', async () => {
    const created = await ensureFirstAdministrator(testDatabase.database, secondId);

    expect(created?.username).toBe('admin-second');
  });

  it('first administrator joins users who cannot manage users', async () => {
    const { database } = testDatabase;
    const third = await createOrganisation(database, {
      live: true,
      slug: 'third',
      name: 'T',
      actor: 'test',
    });
    await withOrganisation(database, third.id, (trx) =>
      createUser(trx, {
        organisationId: third.id,
        actor: 'test',
        username: 'clara',
        email: 'clara@example.com',
        name: 'Clara',
        password: 'correct horse battery staple',
        group: 'credit-manager',
      }),
    );

    const created = await ensureFirstAdministrator(database, third.id);
    const again = await ensureFirstAdministrator(database, third.id);

    expect(created?.username).toBe('admin-third');
    expect(again).toBeUndefined();
  });

  it('session lookup extends a stale expiry', async () => {
    const token = await newSessionToken();
    await sql`update sessions set expires_at = now() + interval '1 hour'`.execute(
      testDatabase.database.db,
    );
    const session = await findSession(testDatabase.database, { token, ttlHours: 12 });

    expect(session?.user.username).toBe('admin');
    expect(session?.organisationId).toBe(firstId);
    expect(await hoursLeft()).toBeGreaterThan(11.9);
  });

  it('session lookup rejects a wrong token', async () => {
    const token = await newSessionToken();
    const session = await findSession(testDatabase.database, { token: `${token}x`, ttlHours: 12 });

    expect(session).toBeUndefined();
  });

  it('session lookup rejects an inactive user', async () => {
    const token = await newSessionToken();
    await testDatabase.database.db
      .updateTable('users')
      .set({ is_active: false })
      .where('organisation_id', '=', firstId)
      .execute();
    const session = await findSession(testDatabase.database, { token, ttlHours: 12 });

    expect(session).toBeUndefined();
  });
});
