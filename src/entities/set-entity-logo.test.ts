import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { buildEntity, buildOrganisation } from '../messaging/testing/message-factories.ts';
import { buildLogoPng } from '../testing/build-logo-png.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { MAX_LOGO_BYTES, setEntityLogo } from './set-entity-logo.ts';

let testDatabase: TestDatabase;
let database: DatabaseHandle;
let entity: Entity;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
  const organisationId = await buildOrganisation(database);
  entity = await buildEntity(database, organisationId);
});

afterAll(async () => {
  await testDatabase.drop();
});

function setLogo(content: Buffer, fileName?: string) {
  return withOrganisation(database, entity.organisation_id, (trx) =>
    setEntityLogo(trx, {
      organisationId: entity.organisation_id,
      entityId: entity.id,
      actor: 'test',
      content,
      fileName,
    }),
  );
}

function readLogo() {
  return withOrganisation(database, entity.organisation_id, (trx) =>
    trx
      .selectFrom('entities')
      .select(['logo', 'logo_content_type'])
      .where('id', '=', entity.id)
      .executeTakeFirstOrThrow(),
  );
}

/** A JPEG header up to its frame marker: all that the letter reads to size the image. */
const jpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00,
]);

describe('setEntityLogo', () => {
  it('stores a PNG with its type', async () => {
    const png = buildLogoPng();

    const result = await setLogo(png);
    const row = await readLogo();

    expect(result).toEqual({ contentType: 'image/png', bytes: png.length });
    expect(row.logo_content_type).toBe('image/png');
    expect(Buffer.from(row.logo ?? []).equals(png)).toBe(true);
  });

  it('detects JPEG by magic bytes', async () => {
    await setLogo(jpeg, 'logo.png');
    const row = await readLogo();

    expect(row.logo_content_type).toBe('image/jpeg');
  });

  it('rejects a GIF naming the file', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

    await expect(setLogo(gif, 'brand.gif')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/brand\.gif is not a PNG or JPEG.*Export the logo as PNG/),
    });
  });

  it('rejects a damaged PNG', async () => {
    const damaged = buildLogoPng().subarray(0, 40);

    await expect(setLogo(damaged, 'cut.png')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/cut\.png cannot be read as an image: .*Export the logo/),
    });
  });

  it('rejects a logo over 512 KiB', async () => {
    const large = Buffer.alloc(MAX_LOGO_BYTES + 1);
    buildLogoPng().copy(large);

    await expect(setLogo(large, 'huge.png')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/huge\.png is too large: 524289 bytes.*Scale it down/),
    });
  });

  it('keeps the previous logo on rejection', async () => {
    await setLogo(jpeg);
    await expect(setLogo(Buffer.from('not an image'))).rejects.toThrow(/not a PNG or JPEG/);
    const row = await readLogo();

    expect(row.logo_content_type).toBe('image/jpeg');
  });

  it('audits size and type, not bytes', async () => {
    const png = buildLogoPng(10, 10);
    await setLogo(jpeg);
    await setLogo(png);

    const event = await withOrganisation(database, entity.organisation_id, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'before', 'after'])
        .where('subject_id', '=', entity.id)
        .where('action', '=', 'entity.logo_set')
        .orderBy('occurred_at', 'desc')
        .executeTakeFirstOrThrow(),
    );

    expect(event.after).toEqual({ contentType: 'image/png', bytes: png.length });
    expect(event.before).toEqual({ contentType: 'image/jpeg', bytes: jpeg.length });
  });

  it('database rejects an oversized logo', async () => {
    const update = withOrganisation(database, entity.organisation_id, (trx) =>
      trx
        .updateTable('entities')
        .set({ logo: Buffer.alloc(MAX_LOGO_BYTES + 1), logo_content_type: 'image/png' })
        .where('id', '=', entity.id)
        .execute(),
    );

    await expect(update).rejects.toThrow(/check constraint/);
  });

  it('database rejects a logo without a type', async () => {
    await setLogo(jpeg);
    const cleared = withOrganisation(database, entity.organisation_id, (trx) =>
      trx
        .updateTable('entities')
        .set({ logo_content_type: null })
        .where('id', '=', entity.id)
        .execute(),
    );

    await expect(cleared).rejects.toThrow(/check constraint/);
  });
});
