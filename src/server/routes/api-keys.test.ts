import { createHash, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_NAMES } from '../../access/permissions.ts';
import { API_KEY_PATTERN } from '../../api-keys/create-api-key.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { bearer, buildTestUser, createTestGroup } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  permissions: string[];
}

describe('API key routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let anna: LoggedIn;
  let bert: LoggedIn;
  let keeper: LoggedIn;
  let reader: LoggedIn;

  const createKey = async (
    session: LoggedIn,
    body: object = { name: 'ERP export' },
  ): Promise<CreatedKey> => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: session.headers,
      payload: body,
    });
    if (response.statusCode !== 201) {
      throw new Error(`creating a key failed with ${response.statusCode}: ${response.body}`);
    }
    return response.json();
  };
  const list = (headers: Record<string, string>) =>
    server.app.inject({ method: 'GET', url: '/api/api-keys', headers });
  const revoke = (headers: Record<string, string>, id: string) =>
    server.app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers });
  const auditOf = (keyId: string) =>
    testDatabase.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor', 'before', 'after'])
      .where('subject_type', '=', 'api_key')
      .where('subject_id', '=', keyId)
      .orderBy('occurred_at')
      .orderBy('action')
      .execute();

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    ({ organisationId } = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'anna',
    }));
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    await createTestGroup(database, organisationId, {
      slug: 'key-keeper',
      permissions: ['users.read', 'users.manage', 'reports.read'],
    });
    await buildTestUser(database, organisationId, { username: 'keeper', group: 'key-keeper' });
    await buildTestUser(database, organisationId, { username: 'reader', group: 'auditor' });
    anna = await logInAs(server.app, 'anna');
    bert = await logInAs(server.app, 'bert');
    keeper = await logInAs(server.app, 'keeper');
    reader = await logInAs(server.app, 'reader');
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('create returns the key once with every permission', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: anna.headers,
      payload: { name: 'ERP export' },
    });
    const body = response.json();

    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(body.key).toMatch(API_KEY_PATTERN);
    expect(body.prefix).toBe(body.key.slice(0, 10));
    expect(body.permissions).toEqual(PERMISSION_NAMES);
  });

  it('database stores only the hash', async () => {
    const created = await createKey(anna);
    const row = await testDatabase.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();

    expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect(row.prefix).toBe(created.prefix);
  });

  it('list never contains the key', async () => {
    const created = await createKey(anna, { name: 'Listed', permissions: ['debtors.read'] });
    const response = await list(anna.headers);
    const listed = response.json().find((key: { id: string }) => key.id === created.id);

    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(created.key);
    expect(listed).toEqual({
      id: created.id,
      name: 'Listed',
      prefix: created.prefix,
      permissions: ['debtors.read'],
      entityIds: null,
      createdBy: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      lastUsedAt: null,
      revokedAt: null,
    });
  });

  it('key authenticates and records its use', async () => {
    const created = await createKey(anna, { name: 'Reader', permissions: ['debtors.read'] });
    const debtors = await server.app.inject({
      method: 'GET',
      url: '/api/debtors',
      headers: bearer(created.key),
    });
    const listed = (await list(anna.headers))
      .json()
      .find((key: { id: string }) => key.id === created.id);

    expect(debtors.statusCode).toBe(200);
    expect(listed.lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('key needs no CSRF header', async () => {
    const manager = await createKey(anna, { name: 'Manager', permissions: ['users.manage'] });
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: bearer(manager.key),
      payload: { name: 'Made by a key' },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().permissions).toEqual(['users.manage']);
  });

  it('session without CSRF header gets 403', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { cookie: anna.cookie },
      payload: { name: 'No CSRF' },
    });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('csrf_failed');
  });

  it('unknown permission returns 400 listing valid names', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: anna.headers,
      payload: { name: 'Bad', permissions: ['debtors.read', 'debtors.delete'] },
    });
    const error = response.json().error;

    expect(response.statusCode).toBe(400);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('"debtors.delete"');
    expect(error.message).toContain('audit.read');
    expect(error.details.unknown).toEqual(['debtors.delete']);
  });

  it('empty permission list returns 400', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: anna.headers,
      payload: { name: 'Empty', permissions: [] },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('at least one permission');
  });

  it('blank name returns 400 naming the field', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: anna.headers,
      payload: { name: '   ' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.fields[0].field).toBe('body.name');
  });

  it('key defaults to the creator permissions', async () => {
    const created = await createKey(keeper, { name: 'Keeper default' });

    expect(created.permissions).toEqual(['users.read', 'users.manage', 'reports.read']);
  });

  it('creator cannot grant a permission they lack', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: keeper.headers,
      payload: { name: 'Too much', permissions: ['reports.read', 'debtors.read'] },
    });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('debtors.read');
  });

  it('revoked key returns 401 at once', async () => {
    const created = await createKey(anna, { name: 'Revoked', permissions: ['debtors.read'] });
    const before = await server.app.inject({
      method: 'GET',
      url: '/api/debtors',
      headers: bearer(created.key),
    });

    const revoked = await revoke(anna.headers, created.id);
    const after = await server.app.inject({
      method: 'GET',
      url: '/api/debtors',
      headers: bearer(created.key),
    });
    const listed = (await list(anna.headers))
      .json()
      .find((key: { id: string }) => key.id === created.id);

    expect(before.statusCode).toBe(200);
    expect(revoked.statusCode).toBe(204);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    expect(listed.revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('revoking twice records one event', async () => {
    const created = await createKey(anna, { name: 'Twice', permissions: ['debtors.read'] });

    const first = await revoke(anna.headers, created.id);
    const second = await revoke(anna.headers, created.id);
    const actions = (await auditOf(created.id)).map((event) => event.action);

    expect(first.statusCode).toBe(204);
    expect(second.statusCode).toBe(204);
    expect(actions).toEqual(['api_key.created', 'api_key.revoked']);
  });

  it('audit events never contain the key', async () => {
    const created = await createKey(anna, { name: 'Audited', permissions: ['reports.read'] });
    await revoke(anna.headers, created.id);
    const events = await auditOf(created.id);

    expect(events).toEqual([
      {
        action: 'api_key.created',
        actor: expect.any(String),
        before: null,
        after: {
          name: 'Audited',
          prefix: created.prefix,
          permissions: ['reports.read'],
          entityIds: null,
        },
      },
      {
        action: 'api_key.revoked',
        actor: expect.any(String),
        before: { name: 'Audited', prefix: created.prefix, revokedAt: null },
        after: {
          name: 'Audited',
          prefix: created.prefix,
          revokedAt: expect.stringMatching(/^\d{4}-/),
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain(created.key);
  });

  it('unknown key id returns 404', async () => {
    const response = await revoke(anna.headers, randomUUID());

    expect(response.statusCode).toBe(404);
  });

  it('routes return 401 without a session', async () => {
    const listed = await list({});
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      payload: { name: 'Anonymous' },
    });
    const revoked = await revoke({}, randomUUID());

    expect(listed.statusCode).toBe(401);
    expect(created.statusCode).toBe(401);
    expect(revoked.statusCode).toBe(401);
  });

  it('reader may list but not create or revoke', async () => {
    const target = await createKey(anna, { name: 'Target', permissions: ['reports.read'] });
    const listed = await list(reader.headers);
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: reader.headers,
      payload: { name: 'Reader key' },
    });
    const revoked = await revoke(reader.headers, target.id);

    expect(listed.statusCode).toBe(200);
    expect(created.statusCode).toBe(403);
    expect(revoked.statusCode).toBe(403);
  });

  it('another organisation neither sees nor revokes keys', async () => {
    const created = await createKey(anna, { name: 'Private', permissions: ['debtors.read'] });
    const listed = await list(bert.headers);
    const revoked = await revoke(bert.headers, created.id);
    const stillWorks = await server.app.inject({
      method: 'GET',
      url: '/api/debtors',
      headers: bearer(created.key),
    });

    expect(listed.json()).toEqual([]);
    expect(revoked.statusCode).toBe(404);
    expect(stillWorks.statusCode).toBe(200);
  });

  it('key sees only its own organisation', async () => {
    const bertKey = await createKey(bert, { name: 'Bert key', permissions: ['users.read'] });
    const response = await list(bearer(bertKey.key));

    expect(response.json().map((key: { name: string }) => key.name)).toEqual(['Bert key']);
  });

  it('logs contain neither key nor header', async () => {
    const created = await createKey(anna, { name: 'Logged', permissions: ['debtors.read'] });
    await server.app.inject({ method: 'GET', url: '/api/debtors', headers: bearer(created.key) });
    await server.app.inject({
      method: 'GET',
      url: '/api/debtors',
      headers: bearer(`${created.key}x`),
    });
    const log = server.logLines.join('');

    expect(log).toContain('apikey:');
    expect(log).not.toContain(created.key);
    expect(log).not.toContain('Bearer');
  });

  it('logger redacts authorization headers and keys', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    const secret = `ck_${'s'.repeat(43)}`;

    logger.info({ req: { headers: { authorization: `Bearer ${secret}` } } }, 'request');
    logger.info({ headers: { authorization: `Bearer ${secret}` } }, 'headers');
    logger.info({ response: { key: secret } }, 'created');
    logger.info({ key: secret }, 'key');

    expect(lines).toHaveLength(4);
    expect(lines.join('')).not.toContain(secret);
    expect(lines.join('')).toContain('[redacted]');
  });
});
