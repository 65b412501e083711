import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { createLogger } from '../../logger.ts';
import { createOrganisation } from '../../organisations/organisations.ts';
import {
  createSharedTestDatabase,
  runCollectaInProcess,
  type SharedTestDatabase,
} from '../../reports/child-process-database.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { findValidToken } from '../../users/user-tokens.ts';
import type { CommandContext } from '../command.ts';
import { userAddCommand, userResetPasswordCommand } from './user-add.ts';

const PUBLIC_URL = 'https://collecta.example';

describe('user add command', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  let context: CommandContext;
  let nl01: string;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    organisationId = (
      await createOrganisation(database, { slug: 'acme', name: 'Acme', actor: 'test' })
    ).id;
    nl01 = await withOrganisation(
      database,
      organisationId,
      async (trx) => (await buildEntity(trx, organisationId, { code: 'NL01' })).id,
    );
    await withOrganisation(database, organisationId, (trx) =>
      buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' }),
    );
    context = {
      config: loadConfig({ PUBLIC_URL }),
      logger: createLogger('silent'),
      actor: 'cli:test',
      database: () => Promise.resolve(database),
      organisationId: () => Promise.resolve(organisationId),
    };
  });

  afterAll(async () => {
    await testDatabase.drop();
  });

  const userOf = (id: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('users as u')
        .innerJoin('user_groups as g', 'g.id', 'u.group_id')
        .leftJoin('departments as d', 'd.id', 'u.department_id')
        .select([
          'u.username',
          'u.name',
          'u.language',
          'u.password_hash',
          'g.slug',
          'd.name as department',
        ])
        .where('u.id', '=', id)
        .executeTakeFirstOrThrow(),
    );

  it('invites a user and prints the link', async () => {
    const result = await userAddCommand.run(
      context,
      {
        username: 'nina',
        email: 'nina@example.com',
        group: 'credit-manager',
        entity: ['nl01'],
        department: 'sales',
        name: 'Nina de Vries',
        language: 'nl',
      },
      [],
    );
    const json = result.json as { id: string; invitation: string };
    const token = new URL(json.invitation).searchParams.get('token') ?? '';
    const found = await findValidToken(testDatabase.database.db, token);
    const entities = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx.selectFrom('user_entities').select('entity_id').where('user_id', '=', json.id).execute(),
    );

    expect(Object.keys(json)).toEqual(['id', 'invitation']);
    expect(json.invitation).toMatch(/^https:\/\/collecta\.example\/accept-invitation\?token=/);
    expect(found).toMatchObject({ purpose: 'invitation', userId: json.id });
    expect(await userOf(json.id)).toEqual({
      username: 'nina',
      name: 'Nina de Vries',
      language: 'nl',
      password_hash: null,
      slug: 'credit-manager',
      department: 'Sales',
    });
    expect(entities).toEqual([{ entity_id: nl01 }]);
    expect(result.text).toContain(json.invitation);
    expect(result.text).toContain('not e-mailed');
  });

  it('defaults name and language', async () => {
    const result = await userAddCommand.run(
      context,
      { username: 'piet', email: 'piet@example.com', group: 'auditor' },
      [],
    );
    const user = await userOf((result.json as { id: string }).id);

    expect(user).toMatchObject({ name: 'piet', language: 'en', department: null });
  });

  it('unknown values name the option and the choices', async () => {
    const base = { username: 'x1', email: 'x1@example.com', group: 'auditor' };
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [
        { group: 'boss' },
        /--group "boss" is not a user group; use one of: administrator, auditor, credit-manager, dispute-handler, manager\./,
      ],
      [
        { entity: ['NL01', 'DE01'] },
        /--entity "DE01" is not an entity code; use one of: BE01, NL01\./,
      ],
      [
        { department: 'Legal' },
        /--department "Legal" is not a department; use one of: Customer Service, Distribution, Production, Sales\./,
      ],
      [
        { language: 'es' },
        /--language "es" is not a supported language; use one of: nl, en, de, fr\./,
      ],
      [{ email: 'nope' }, /--email "nope" is not a valid e-mail address/],
      [{ username: 'two words' }, /--username "two words" is invalid/],
    ];
    for (const [overrides, message] of cases) {
      const run = userAddCommand.run(context, { ...base, ...overrides }, []);
      await expect(run, message.source).rejects.toMatchObject({
        code: 'invalid_arguments',
        exitCode: 2,
      });
      await expect(run, message.source).rejects.toThrow(message);
    }
    const created = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx.selectFrom('users').select('id').where('username', '=', 'x1').execute(),
    );

    expect(created).toEqual([]);
  });

  it('reset-password prints a reset link', async () => {
    const added = await userAddCommand.run(
      context,
      { username: 'rosa', email: 'rosa@example.com', group: 'auditor' },
      [],
    );
    const result = await userResetPasswordCommand.run(context, { username: 'ROSA' }, []);
    const json = result.json as { id: string; url: string; emailed: boolean };
    const token = new URL(json.url).searchParams.get('token') ?? '';

    expect(json.id).toBe((added.json as { id: string }).id);
    expect(json.url).toMatch(/^https:\/\/collecta\.example\/reset-password\?token=/);
    expect(json.emailed).toBe(false);
    expect(await findValidToken(testDatabase.database.db, token)).toMatchObject({
      purpose: 'password_reset',
    });
  });

  it('reset-password of an unknown user fails', async () => {
    const run = userResetPasswordCommand.run(context, { username: 'ghost' }, []);

    await expect(run).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('collecta user add on the command line', () => {
  let shared: SharedTestDatabase;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    const organisation = await createOrganisation(shared.database, {
      slug: 'acme',
      name: 'Acme',
      actor: 'test',
    });
    await withOrganisation(shared.database, organisation.id, (trx) =>
      buildEntity(trx, organisation.id, { code: 'NL01' }),
    );
  });

  afterAll(async () => {
    await shared.destroy();
  });

  const collecta = (args: string[]) =>
    runCollectaInProcess(args, {
      environment: { ...shared.environment, PATH: '/usr/bin:/bin', PUBLIC_URL, LOG_LEVEL: 'error' },
      database: shared.database,
    });

  it('--json prints exactly id and invitation', async () => {
    const result = await collecta([
      'user',
      'add',
      '--username',
      'cli-user',
      '--email',
      'cli@example.com',
      '--group',
      'manager',
      '--entity',
      'NL01',
      '--json',
    ]);
    const json = JSON.parse(result.stdout) as Record<string, string>;

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(Object.keys(json)).toEqual(['id', 'invitation']);
    expect(json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.invitation).toMatch(
      /^https:\/\/collecta\.example\/accept-invitation\?token=[A-Za-z0-9_-]{43}$/,
    );
  });

  it('unknown group exits with 2', async () => {
    const result = await collecta([
      'user',
      'add',
      '--username',
      'u2',
      '--email',
      'u2@example.com',
      '--group',
      'boss',
    ]);

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      '--group "boss" is not a user group; use one of: administrator',
    );
  });
});
