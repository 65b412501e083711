import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { createLogger } from '../../logger.ts';
import { buildOrganisation } from '../../messaging/testing/message-factories.ts';
import { buildLogoPng } from '../../testing/build-logo-png.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { CommandContext } from '../command.ts';
import { entityAddCommand } from './entity-add.ts';

let testDatabase: TestDatabase;
let organisationId: string;
let context: CommandContext;
let directory: string;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  organisationId = await buildOrganisation(testDatabase.database);
  directory = await fs.mkdtemp(path.join(os.tmpdir(), 'collecta-entity-add-'));
  context = {
    config: loadConfig({}),
    logger: createLogger('silent'),
    actor: 'cli:test',
    database: () => Promise.resolve(testDatabase.database),
    organisationId: () => Promise.resolve(organisationId),
  };
});

afterAll(async () => {
  await testDatabase.drop();
  await fs.rm(directory, { recursive: true, force: true });
});

const baseOptions = { name: 'Acme B.V.', currency: 'EUR', country: 'NL' };

function findEntity(code: string) {
  return withOrganisation(testDatabase.database, organisationId, (trx) =>
    trx
      .selectFrom('entities')
      .select(['logo', 'logo_content_type'])
      .where('code', '=', code)
      .executeTakeFirst(),
  );
}

describe('entity add command', () => {
  it('stores the --logo file', async () => {
    const logoPath = path.join(directory, 'logo.png');
    const png = buildLogoPng();
    await fs.writeFile(logoPath, png);

    const result = await entityAddCommand.run(
      context,
      { ...baseOptions, code: 'LOGO1', logo: logoPath },
      [],
    );
    const entity = await findEntity('LOGO1');

    expect(result.text).toContain('with logo');
    expect(entity?.logo_content_type).toBe('image/png');
    expect(Buffer.from(entity?.logo ?? []).equals(png)).toBe(true);
  });

  it('adds nothing when the logo is invalid', async () => {
    const logoPath = path.join(directory, 'logo.svg');
    await fs.writeFile(logoPath, '<svg xmlns="http://www.w3.org/2000/svg"/>');

    const run = entityAddCommand.run(
      context,
      { ...baseOptions, code: 'LOGO2', logo: logoPath },
      [],
    );

    await expect(run).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(run).rejects.toThrow(/logo\.svg is not a PNG or JPEG/);
    expect(await findEntity('LOGO2')).toBeUndefined();
  });

  it('rejects a missing logo file', async () => {
    const logoPath = path.join(directory, 'missing.png');

    const run = entityAddCommand.run(
      context,
      { ...baseOptions, code: 'LOGO3', logo: logoPath },
      [],
    );

    await expect(run).rejects.toThrow(/Cannot read the logo file .*missing\.png/);
    expect(await findEntity('LOGO3')).toBeUndefined();
  });
});
