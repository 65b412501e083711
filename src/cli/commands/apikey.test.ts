import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findApiKeyPrincipal } from '../../access/find-api-key.ts';
import { PERMISSION_NAMES } from '../../access/permissions.ts';
import { API_KEY_PATTERN } from '../../api-keys/create-api-key.ts';
import {
  createSharedTestDatabase,
  runCollectaInProcess,
  type SharedTestDatabase,
} from '../../reports/child-process-database.ts';

let shared: SharedTestDatabase;

/** Runs the command line in this process on the shared database, which stays open. */
const collecta = (...args: string[]) =>
  runCollectaInProcess(args, { environment: shared.environment, database: shared.database });

beforeAll(async () => {
  shared = await createSharedTestDatabase();
});

afterAll(async () => {
  await shared.destroy();
});

/** Looks a key up as the server does. */
function principalOfKey(key: string) {
  return findApiKeyPrincipal(shared.database, key);
}

describe('collecta apikey', () => {
  let createdId = '';
  let createdKey = '';

  it('permissions lists names with descriptions', async () => {
    const json = await collecta('apikey', 'permissions', '--json');
    const text = await collecta('apikey', 'permissions');

    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout).map((item: { name: string }) => item.name)).toEqual(
      PERMISSION_NAMES,
    );
    expect(JSON.parse(json.stdout)[0].description).toMatch(/\S/);
    expect(text.stdout).toMatch(/^settings\.read\s+See /m);
  });

  it('create prints the key once as JSON', async () => {
    const result = await collecta(
      'apikey',
      'create',
      '--name',
      'ERP export',
      '--permission',
      'debtors.read',
      '--permission',
      'reports.read',
      '--json',
    );
    const body = JSON.parse(result.stdout);
    createdId = body.id;
    createdKey = body.key;

    expect(result.exitCode).toBe(0);
    expect(body.key).toMatch(API_KEY_PATTERN);
    expect(body.prefix).toBe(body.key.slice(0, 10));
    expect(body.permissions).toEqual(['debtors.read', 'reports.read']);
  });

  it('created key authenticates with its permissions', async () => {
    const principal = await principalOfKey(createdKey);

    expect(principal?.apiKeyId).toBe(createdId);
    expect([...(principal?.permissions ?? [])]).toEqual(['debtors.read', 'reports.read']);
  });

  it('create in text mode says the key is shown once', async () => {
    const result = await collecta('apikey', 'create', '--name', 'Everything');
    const lines = result.stdout.trim().split('\n');

    expect(result.exitCode).toBe(0);
    expect(lines[0]).toContain('"Everything"');
    expect(lines[1]).toMatch(API_KEY_PATTERN);
    expect(lines[2]).toContain('shown only once');
  });

  it('create without --permission grants every permission', async () => {
    const result = await collecta('apikey', 'create', '--name', 'Administrator key', '--json');
    const body = JSON.parse(result.stdout);
    const principal = await principalOfKey(body.key);

    expect(result.exitCode).toBe(0);
    expect(body.permissions).toEqual(PERMISSION_NAMES);
    expect([...(principal?.permissions ?? [])].sort()).toEqual([...PERMISSION_NAMES].sort());
  });

  it('unknown permission exits 2 listing valid names', async () => {
    const result = await collecta(
      'apikey',
      'create',
      '--name',
      'Bad',
      '--permission',
      'debtors.delete',
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('"debtors.delete"');
    expect(result.stderr).toContain('debtors.read');
    expect(result.stdout).toBe('');
  });

  it('missing name exits 2', async () => {
    const result = await collecta('apikey', 'create', '--json');

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toContain('--name');
  });

  it('list shows keys without the key', async () => {
    const json = await collecta('apikey', 'list', '--json');
    const text = await collecta('apikey', 'list');
    const keys = JSON.parse(json.stdout);

    expect(json.exitCode).toBe(0);
    expect(keys.map((key: { name: string }) => key.name).sort()).toEqual([
      'Administrator key',
      'ERP export',
      'Everything',
    ]);
    expect(keys.find((key: { id: string }) => key.id === createdId)).toMatchObject({
      permissions: ['debtors.read', 'reports.read'],
      createdBy: expect.stringMatching(/^cli:/),
      revokedAt: null,
    });
    expect(json.stdout).not.toContain(createdKey);
    expect(text.stdout).toContain(createdId);
    expect(text.stdout).not.toContain(createdKey);
  });

  it('revoke stops the key', async () => {
    const result = await collecta('apikey', 'revoke', '--id', createdId, '--json');
    const listed = JSON.parse((await collecta('apikey', 'list', '--json')).stdout);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe(createdId);
    expect(listed.find((key: { id: string }) => key.id === createdId).revokedAt).toMatch(/^\d{4}-/);
    expect(await principalOfKey(createdKey)).toBeUndefined();
  });

  it('revoke rejects a malformed id', async () => {
    const result = await collecta('apikey', 'revoke', '--id', 'ck_abc');

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('collecta apikey list');
  });
});
