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
    trx.selectFrom('entities').selectAll().where('code', '=', code).executeTakeFirst(),
  );
}

function addWith(options: Record<string, string>) {
  return entityAddCommand.run(context, { ...baseOptions, ...options }, []);
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

  it('stores languages, working days and calendar', async () => {
    const result = await addWith({
      code: 'SET1',
      languages: 'nl, en',
      'working-days': '1-4,6',
      'holiday-calendar': 'be',
      iban: 'NL91 ABNA 0417 1643 00',
      bic: 'abnanl2a',
      'vat-number': 'NL861234567B01',
    });
    const entity = await findEntity('SET1');

    expect(result.text).toBe(
      'Added entity SET1 (Acme B.V.), EUR, languages nl, en, time zone Europe/Amsterdam, sending on weekdays 1,2,3,4,6, holidays BE.',
    );
    expect(entity).toMatchObject({
      language: 'nl',
      languages: ['nl', 'en'],
      working_days: [1, 2, 3, 4, 6],
      holiday_calendar: 'BE',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      vat_number: 'NL861234567B01',
    });
  });

  it('defaults from the country', async () => {
    await addWith({ code: 'DEF1', country: 'DE' });
    const entity = await findEntity('DEF1');

    expect(entity).toMatchObject({
      language: 'de',
      languages: ['de'],
      time_zone: 'Europe/Berlin',
      working_days: [1, 2, 3, 4, 5],
      holiday_calendar: 'DE',
    });
  });

  it('names --timezone in the error', async () => {
    const run = addWith({ code: 'TZ1', timezone: 'Europe/Amsterdm' });

    await expect(run).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(run).rejects.toThrow(
      '--timezone: "Europe/Amsterdm" is not an IANA time zone. Use a zone such as Europe/Amsterdam or UTC.',
    );
  });

  it('rejects unknown country and currency together', async () => {
    const run = addWith({ code: 'BAD1', country: 'UK', currency: 'EURO' });

    await expect(run).rejects.toThrow(/--currency: "EURO" is not an ISO 4217 currency code/);
    await expect(run).rejects.toThrow(
      /--country: "UK" is not an ISO 3166-1 alpha-2 country code\. Use GB/,
    );
    expect(await findEntity('BAD1')).toBeUndefined();
  });

  it('rejects an invalid IBAN and a BIC of another country', async () => {
    const invalid = addWith({ code: 'BAD2', iban: 'NL91ABNA0417164301' });
    const mismatch = addWith({ code: 'BAD3', iban: 'BE68539007547034', bic: 'ABNANL2A' });

    await expect(invalid).rejects.toThrow(/--iban: "NL91ABNA0417164301" is not a valid IBAN/);
    await expect(mismatch).rejects.toThrow(/--bic: The BIC ABNANL2A belongs to a bank in NL/);
  });

  it('rejects unknown language and calendar', async () => {
    const run = addWith({ code: 'BAD4', languages: 'nl,qq', 'holiday-calendar': 'US' });

    await expect(run).rejects.toThrow(/--languages: "qq" is not an ISO 639-1 language code/);
    await expect(run).rejects.toThrow(
      /--holiday-calendar: "US" is not a built-in holiday calendar/,
    );
  });

  it('rejects unreadable working days', async () => {
    const run = addWith({ code: 'BAD5', 'working-days': 'mon-fri' });

    await expect(run).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(run).rejects.toThrow(/--working-days: "mon-fri" is not a list of ISO weekdays/);
  });

  it('rejects weekday 8', async () => {
    await expect(addWith({ code: 'BAD6', 'working-days': '1-5,8' })).rejects.toThrow(
      /--working-days: .* contains 8, which is no ISO weekday/,
    );
  });
});
