import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../auth/create-user.ts';
import { isSendingDay, loadSendingCalendar } from '../../calendar/sending-days.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { MAX_LOGO_BYTES } from '../../entities/set-entity-logo.ts';
import { buildLogoPng } from '../../testing/build-logo-png.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  TEST_PASSWORD,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** A JPEG header up to its frame marker: enough for the logo check to size the image. */
const jpeg = Buffer.from([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x20, 0x01, 0x01, 0x11, 0x00,
]);

const validEntity = {
  code: 'FR01',
  name: 'Acme France SAS',
  currency: 'EUR',
  country: 'FR',
};

/** Builds a multipart/form-data body with one file field, as a browser's FormData sends it. */
function multipart(fileName: string, content: Buffer, contentType: string) {
  const boundary = '----collecta-entity-test';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);

  return {
    payload: Buffer.concat([head, content, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Adds a user in `group`, limited to `entityIds` when given, and logs them in. */
async function addUser(
  server: TestServer,
  database: DatabaseHandle,
  organisationId: string,
  params: { username: string; group: string; entityIds?: string[] },
): Promise<LoggedIn> {
  await withOrganisation(database, organisationId, async (trx) => {
    const user = await createUser(trx, {
      organisationId,
      actor: 'test',
      username: params.username,
      email: `${params.username}@example.com`,
      name: params.username,
      password: TEST_PASSWORD,
      group: params.group,
    });
    for (const entityId of params.entityIds ?? []) {
      await trx
        .insertInto('user_entities')
        .values({ organisation_id: organisationId, user_id: user.id, entity_id: entityId })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    }
  });

  return logInAs(server.app, params.username);
}

describe('entity routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let admin: LoggedIn;
  let reader: LoggedIn;
  let disputes: LoggedIn;
  let limited: LoggedIn;
  let otherAdmin: LoggedIn;
  let nlId: string;
  let beId: string;

  type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  const send = (
    session: LoggedIn | null,
    method: Method,
    url: string,
    payload?: object | Buffer,
    contentType?: string,
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        ...(session ? session.headers : {}),
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(payload === undefined ? {} : { payload }),
    });

  const auditEvents = (action: string, subjectId: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'before', 'after'])
        .where('action', '=', action)
        .where('subject_id', '=', subjectId)
        .orderBy('occurred_at')
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'ent-a', username: 'ent-admin' });
    const b = await buildOrganisationWithUser(database, { slug: 'ent-b', username: 'ent-other' });
    organisationId = a.organisationId;
    await withOrganisation(database, organisationId, async (trx) => {
      nlId = (await buildEntity(trx, organisationId, { code: 'NL01' })).id;
      beId = (await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' })).id;
    });
    admin = await logInAs(server.app, 'ent-admin');
    otherAdmin = await logInAs(server.app, 'ent-other');
    reader = await addUser(server, database, organisationId, {
      username: 'ent-reader',
      group: 'credit-manager',
    });
    disputes = await addUser(server, database, organisationId, {
      username: 'ent-disputes',
      group: 'dispute-handler',
    });
    limited = await addUser(server, database, organisationId, {
      username: 'ent-limited',
      group: 'administrator',
      entityIds: [nlId],
    });
    expect(b.organisationId).not.toBe(organisationId);
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  describe('list and get', () => {
    it('list returns every field', async () => {
      const response = await send(admin, 'GET', '/api/entities');

      expect(response.statusCode).toBe(200);
      expect(response.json()).toContainEqual({
        id: nlId,
        code: 'NL01',
        name: 'Entity NL01',
        currency: 'EUR',
        country: 'NL',
        language: 'nl',
        languages: ['nl'],
        timeZone: 'Europe/Amsterdam',
        iban: null,
        bic: null,
        addressLine: null,
        postalCode: null,
        city: null,
        cocNumber: null,
        vatNumber: null,
        senderEmail: null,
        senderName: null,
        portalUrl: null,
        workingDays: [1, 2, 3, 4, 5],
        holidayCalendar: 'NL',
        shiftDueDatesToWorkingDay: true,
        maxContactsPerWeek: 2,
        sendingWindowStart: null,
        sendingWindowEnd: null,
        hasLogo: false,
        paymentReferenceScheme: 'rf',
        allocationOrder: 'costs_interest_principal',
        creditorDeductsVat: true,
        vatRateBasisPoints: 2100,
        letterDeliveryWorkingDays: 2,
        arrangementGraceDays: 5,
        paymentLinkExpiryDays: 30,
        messagePaymentLinkExpiryDays: null,
      });
    });

    it('list needs a session', async () => {
      expect((await send(null, 'GET', '/api/entities')).statusCode).toBe(401);
    });

    it('list shows a limited user their entities only', async () => {
      const codes = (await send(limited, 'GET', '/api/entities'))
        .json()
        .map((entity: { code: string }) => entity.code);

      expect(codes).toEqual(['NL01']);
    });

    it('list shows another organisation nothing of ours', async () => {
      expect((await send(otherAdmin, 'GET', '/api/entities')).json()).toEqual([]);
    });

    it('get returns the entity', async () => {
      const response = await send(reader, 'GET', `/api/entities/${beId}`);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ code: 'BE01', timeZone: 'Europe/Brussels' });
    });

    it('get needs settings.read', async () => {
      const response = await send(disputes, 'GET', `/api/entities/${nlId}`);

      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('forbidden');
    });

    it('get needs a session', async () => {
      expect((await send(null, 'GET', `/api/entities/${nlId}`)).statusCode).toBe(401);
    });

    it('get hides entities outside the scope', async () => {
      expect((await send(limited, 'GET', `/api/entities/${beId}`)).statusCode).toBe(404);
      expect((await send(limited, 'GET', `/api/entities/${nlId}`)).statusCode).toBe(200);
    });

    it('get hides other organisations', async () => {
      const response = await send(otherAdmin, 'GET', `/api/entities/${nlId}`);

      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe('not_found');
    });
  });

  describe('create', () => {
    it('adds with defaults and audits', async () => {
      const response = await send(admin, 'POST', '/api/entities', {
        ...validEntity,
        iban: 'FR14 2004 1010 0505 0001 3M02 606',
        bic: 'PSSTFRPPLIL',
        vatNumber: 'FR40 123456789',
        senderEmail: 'relances@acme.example',
        portalUrl: 'https://pay.acme.example',
      });
      const body = response.json();

      expect(response.statusCode).toBe(201);
      expect(body).toMatchObject({
        code: 'FR01',
        language: 'fr',
        languages: ['fr'],
        timeZone: 'Europe/Paris',
        iban: 'FR1420041010050500013M02606',
        bic: 'PSSTFRPPLIL',
        vatNumber: 'FR40123456789',
        workingDays: [1, 2, 3, 4, 5],
        holidayCalendar: 'FR',
        hasLogo: false,
      });
      const [event] = await auditEvents('entity.created', body.id);
      expect(event?.after).toMatchObject({ code: 'FR01', iban: 'FR1420041010050500013M02606' });
    });

    it('lists every invalid field', async () => {
      const response = await send(admin, 'POST', '/api/entities', {
        code: 'BAD 1',
        name: 'Bad',
        currency: 'EURO',
        country: 'XX',
        languages: ['nl', 'qq'],
        timeZone: 'Europe/Amsterdm',
        iban: 'NL91ABNA0417164301',
        bic: 'ABN',
        vatNumber: 'NL123',
        senderEmail: 'nobody',
        portalUrl: 'http://pay.acme.example',
        workingDays: [0],
        holidayCalendar: 'US',
      });
      const { error } = response.json();

      expect(response.statusCode).toBe(400);
      expect(error.code).toBe('invalid_input');
      expect(error.details.fields.map((field: { field: string }) => field.field)).toEqual([
        'code',
        'currency',
        'country',
        'languages',
        'timeZone',
        'iban',
        'bic',
        'vatNumber',
        'senderEmail',
        'portalUrl',
        'workingDays',
        'holidayCalendar',
      ]);
      expect(error.details.fields).toContainEqual({
        field: 'currency',
        value: 'EURO',
        message: expect.stringMatching(/^"EURO" is not an ISO 4217 currency code\. Use/),
      });
      expect(error.message).toContain('timeZone: "Europe/Amsterdm" is not an IANA time zone.');
    });

    it('rejects an unknown field', async () => {
      const response = await send(admin, 'POST', '/api/entities', {
        ...validEntity,
        code: 'FR02',
        timezone: 'Europe/Paris',
      });

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/timezone/);
    });

    it('rejects a code in use', async () => {
      const response = await send(admin, 'POST', '/api/entities', { ...validEntity, code: 'NL01' });

      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('already_exists');
    });

    it('needs settings.manage', async () => {
      const response = await send(reader, 'POST', '/api/entities', { ...validEntity, code: 'X1' });

      expect(response.statusCode).toBe(403);
    });

    it('rejects a user limited to entities', async () => {
      const response = await send(limited, 'POST', '/api/entities', { ...validEntity, code: 'X2' });

      expect(response.statusCode).toBe(403);
      expect(response.json().error.message).toMatch(/limited to some entities/);
    });

    it('needs a session', async () => {
      expect((await send(null, 'POST', '/api/entities', validEntity)).statusCode).toBe(401);
    });

    it('needs the CSRF token', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/entities',
        headers: { cookie: admin.cookie },
        payload: { ...validEntity, code: 'X3' },
      });

      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('csrf_failed');
    });
  });

  describe('update', () => {
    it('changes fields and audits the changes only', async () => {
      const response = await send(admin, 'PATCH', `/api/entities/${nlId}`, {
        name: 'Acme Nederland B.V.',
        languages: ['en', 'nl'],
        iban: 'NL91ABNA0417164300',
        bic: 'ABNANL2A',
        workingDays: [1, 2, 3, 4],
        holidayCalendar: null,
        city: 'Utrecht',
      });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        code: 'NL01',
        name: 'Acme Nederland B.V.',
        language: 'en',
        languages: ['en', 'nl'],
        workingDays: [1, 2, 3, 4],
        holidayCalendar: null,
        city: 'Utrecht',
      });
      const events = await auditEvents('entity.updated', nlId);
      expect(events.at(-1)?.before).toEqual({
        name: 'Entity NL01',
        language: 'nl',
        languages: ['nl'],
        iban: null,
        bic: null,
        city: null,
        workingDays: [1, 2, 3, 4, 5],
        holidayCalendar: 'NL',
      });
      expect(events.at(-1)?.after).toEqual({
        name: 'Acme Nederland B.V.',
        language: 'en',
        languages: ['en', 'nl'],
        iban: 'NL91ABNA0417164300',
        bic: 'ABNANL2A',
        city: 'Utrecht',
        workingDays: [1, 2, 3, 4],
        holidayCalendar: null,
      });
    });

    it('changes the sending rules', async () => {
      const response = await send(admin, 'PATCH', `/api/entities/${beId}`, {
        shiftDueDatesToWorkingDay: false,
        maxContactsPerWeek: null,
        sendingWindowStart: '8:30',
        sendingWindowEnd: '17:00',
      });

      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        shiftDueDatesToWorkingDay: false,
        maxContactsPerWeek: null,
        sendingWindowStart: '08:30',
        sendingWindowEnd: '17:00',
      });
      const events = await auditEvents('entity.updated', beId);
      expect(events.at(-1)?.after).toEqual({
        shiftDueDatesToWorkingDay: false,
        maxContactsPerWeek: null,
        sendingWindowStart: '08:30',
        sendingWindowEnd: '17:00',
      });
    });

    it('rejects invalid sending rules with the fix', async () => {
      const response = await send(admin, 'PATCH', `/api/entities/${beId}`, {
        maxContactsPerWeek: 0,
        sendingWindowStart: '25:00',
      });
      const reversed = await send(admin, 'PATCH', `/api/entities/${beId}`, {
        sendingWindowEnd: '07:00',
      });
      const halfWindow = await send(admin, 'PATCH', `/api/entities/${beId}`, {
        sendingWindowStart: null,
      });

      expect(response.statusCode).toBe(400);
      const fields = response.json().error.details.fields;
      expect(fields.map((issue: { field: string }) => issue.field)).toEqual([
        'maxContactsPerWeek',
        'sendingWindowStart',
      ]);
      expect(fields[0].message).toMatch(/whole number from 1 to 50/);
      expect(fields[1].message).toMatch(/Use HH:MM on the 24-hour clock/);
      expect(reversed.statusCode).toBe(400);
      expect(reversed.json().error.message).toMatch(
        /starts at 08:30, which is not before its end 07:00/,
      );
      expect(halfWindow.statusCode).toBe(400);
      expect(halfWindow.json().error.message).toMatch(/needs a start and an end/);
    });

    it('records nothing when nothing changes', async () => {
      const before = (await auditEvents('entity.updated', nlId)).length;
      const response = await send(admin, 'PATCH', `/api/entities/${nlId}`, { city: 'Utrecht' });

      expect(response.statusCode).toBe(200);
      expect(await auditEvents('entity.updated', nlId)).toHaveLength(before);
    });

    it('rejects a code change', async () => {
      const response = await send(admin, 'PATCH', `/api/entities/${nlId}`, { code: 'NL02' });

      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.fields[0]).toMatchObject({
        field: 'code',
        value: 'NL02',
      });
    });

    it('rejects a new IBAN that the stored BIC does not fit', async () => {
      const response = await send(admin, 'PATCH', `/api/entities/${nlId}`, {
        iban: 'BE68539007547034',
      });

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/BIC ABNANL2A belongs to a bank in NL/);
    });

    it('keeps everything on invalid input', async () => {
      const response = await send(admin, 'PATCH', `/api/entities/${nlId}`, {
        name: 'Changed',
        senderEmail: 'not-an-address',
      });
      const stored = await send(admin, 'GET', `/api/entities/${nlId}`);

      expect(response.statusCode).toBe(400);
      expect(stored.json().name).toBe('Acme Nederland B.V.');
    });

    it('needs settings.manage', async () => {
      const response = await send(reader, 'PATCH', `/api/entities/${nlId}`, { name: 'X' });

      expect(response.statusCode).toBe(403);
    });

    it('needs a session', async () => {
      expect((await send(null, 'PATCH', `/api/entities/${nlId}`, { name: 'X' })).statusCode).toBe(
        401,
      );
    });

    it('hides entities outside the scope', async () => {
      const response = await send(limited, 'PATCH', `/api/entities/${beId}`, { name: 'X' });

      expect(response.statusCode).toBe(404);
    });

    it('hides other organisations', async () => {
      const response = await send(otherAdmin, 'PATCH', `/api/entities/${nlId}`, { name: 'X' });

      expect(response.statusCode).toBe(404);
    });
  });

  describe('logo', () => {
    it('uploads by multipart and reads back', async () => {
      const png = buildLogoPng();
      const upload = multipart('logo.png', png, 'image/png');

      const response = await send(
        admin,
        'PUT',
        `/api/entities/${beId}/logo`,
        upload.payload,
        upload.contentType,
      );
      const read = await send(reader, 'GET', `/api/entities/${beId}/logo`);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ contentType: 'image/png', bytes: png.length });
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toBe('image/png');
      expect(read.rawPayload.equals(png)).toBe(true);
      expect((await send(admin, 'GET', `/api/entities/${beId}`)).json().hasLogo).toBe(true);
    });

    it('uploads a raw JPEG body', async () => {
      const response = await send(admin, 'PUT', `/api/entities/${beId}/logo`, jpeg, 'image/jpeg');

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ contentType: 'image/jpeg', bytes: jpeg.length });
    });

    it('rejects a GIF naming the file', async () => {
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
      const upload = multipart('brand.gif', gif, 'image/gif');

      const response = await send(
        admin,
        'PUT',
        `/api/entities/${beId}/logo`,
        upload.payload,
        upload.contentType,
      );

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/brand\.gif is not a PNG or JPEG/);
    });

    it('rejects a raw GIF body', async () => {
      const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

      const response = await send(admin, 'PUT', `/api/entities/${beId}/logo`, gif, 'image/gif');

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/is not a PNG or JPEG/);
    });

    it('rejects a logo over 512 KiB', async () => {
      const large = Buffer.alloc(MAX_LOGO_BYTES + 1);
      buildLogoPng().copy(large);
      const upload = multipart('huge.png', large, 'image/png');

      const response = await send(
        admin,
        'PUT',
        `/api/entities/${beId}/logo`,
        upload.payload,
        upload.contentType,
      );

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/huge\.png is too large: 524289 bytes/);
    });

    it('rejects a JSON body', async () => {
      const response = await send(admin, 'PUT', `/api/entities/${beId}/logo`, { logo: 'x' });

      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/multipart\/form-data/);
    });

    it('audits size and type, not bytes', async () => {
      const events = await auditEvents('entity.logo_set', beId);

      expect(events.at(-1)?.after).toEqual({ contentType: 'image/jpeg', bytes: jpeg.length });
      expect(JSON.stringify(events)).not.toContain('base64');
    });

    it('removes the logo', async () => {
      const response = await send(admin, 'DELETE', `/api/entities/${beId}/logo`);
      const read = await send(admin, 'GET', `/api/entities/${beId}/logo`);
      const [event] = await auditEvents('entity.logo_removed', beId);

      expect(response.statusCode).toBe(204);
      expect(read.statusCode).toBe(404);
      expect(event?.before).toEqual({ contentType: 'image/jpeg', bytes: jpeg.length });
      expect(event?.after).toBeNull();
    });

    it('needs settings.manage to upload', async () => {
      const response = await send(reader, 'PUT', `/api/entities/${beId}/logo`, jpeg, 'image/jpeg');

      expect(response.statusCode).toBe(403);
    });

    it('needs settings.read to read', async () => {
      expect((await send(disputes, 'GET', `/api/entities/${beId}/logo`)).statusCode).toBe(403);
    });

    it('needs a session', async () => {
      expect((await send(null, 'GET', `/api/entities/${beId}/logo`)).statusCode).toBe(401);
      expect((await send(null, 'DELETE', `/api/entities/${beId}/logo`)).statusCode).toBe(401);
    });

    it('hides entities outside the scope', async () => {
      const upload = await send(limited, 'PUT', `/api/entities/${beId}/logo`, jpeg, 'image/jpeg');
      const removal = await send(limited, 'DELETE', `/api/entities/${beId}/logo`);

      expect(upload.statusCode).toBe(404);
      expect(removal.statusCode).toBe(404);
    });

    it('hides other organisations', async () => {
      const upload = await send(
        otherAdmin,
        'PUT',
        `/api/entities/${nlId}/logo`,
        jpeg,
        'image/jpeg',
      );

      expect(upload.statusCode).toBe(404);
    });
  });

  describe('holidays', () => {
    it('lists the calendar of the year', async () => {
      const response = await send(reader, 'GET', `/api/entities/${beId}/holidays?year=2026`);

      expect(response.statusCode).toBe(200);
      expect(response.json()).toHaveLength(10);
      expect(response.json()[0]).toEqual({
        date: '2026-01-01',
        name: "New Year's Day",
        key: 'newYearsDay',
        source: 'calendar',
      });
    });

    it('replaces the closing days of a year', async () => {
      const response = await send(admin, 'PUT', `/api/entities/${beId}/holidays`, {
        year: 2026,
        holidays: [
          { date: '2026-12-31', name: ' Year end ' },
          { date: '2026-12-24', name: 'Christmas Eve' },
        ],
      });
      const listed = await send(admin, 'GET', `/api/entities/${beId}/holidays?year=2026`);
      const december = listed
        .json()
        .filter((holiday: { date: string }) => holiday.date >= '2026-12-01');

      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual([
        { date: '2026-12-24', name: 'Christmas Eve' },
        { date: '2026-12-31', name: 'Year end' },
      ]);
      expect(december).toEqual([
        { date: '2026-12-24', name: 'Christmas Eve', key: null, source: 'entity' },
        { date: '2026-12-25', name: 'Christmas Day', key: 'christmasDay', source: 'calendar' },
        { date: '2026-12-31', name: 'Year end', key: null, source: 'entity' },
      ]);
    });

    it('keeps other years when a year is given', async () => {
      await send(admin, 'PUT', `/api/entities/${beId}/holidays`, {
        year: 2027,
        holidays: [{ date: '2027-01-02', name: 'Inventory' }],
      });
      const listed2026 = await send(admin, 'GET', `/api/entities/${beId}/holidays?year=2026`);
      const sources = listed2026.json().map((holiday: { source: string }) => holiday.source);

      expect(sources.filter((source: string) => source === 'entity')).toHaveLength(2);
    });

    it('audits before and after', async () => {
      const events = await auditEvents('entity.holidays_set', beId);

      expect(events[0]?.before).toEqual({ year: 2026, holidays: [] });
      expect(events[0]?.after).toEqual({
        year: 2026,
        holidays: [
          { date: '2026-12-24', name: 'Christmas Eve' },
          { date: '2026-12-31', name: 'Year end' },
        ],
      });
    });

    it('feeds the sending calendar', async () => {
      const calendar = await withOrganisation(testDatabase.database, organisationId, (trx) =>
        loadSendingCalendar(trx, { organisationId, entityId: beId }),
      );

      expect(calendar.holidayCalendar).toBe('BE');
      expect(isSendingDay(calendar, '2026-12-24')).toBe(false);
      expect(isSendingDay(calendar, '2026-12-23')).toBe(true);
      expect(isSendingDay(calendar, '2026-07-21')).toBe(false);
    });

    it('lists every invalid day', async () => {
      const response = await send(admin, 'PUT', `/api/entities/${beId}/holidays`, {
        year: 2026,
        holidays: [
          { date: '2026-02-30', name: 'No such day' },
          { date: '2025-12-24', name: 'Last year' },
          { date: '2026-06-01', name: '' },
          { date: '2026-06-02', name: 'Twice' },
          { date: '2026-06-02', name: 'Twice' },
        ],
      });
      const { error } = response.json();

      expect(response.statusCode).toBe(400);
      expect(error.details.fields.map((field: { field: string }) => field.field)).toEqual([
        'holidays[0].date',
        'holidays[1].date',
        'holidays[2].name',
        'holidays[4].date',
      ]);
      expect(error.message).toContain('holidays[1].date: 2025-12-24 is not in 2026.');
    });

    it('needs settings.manage to change', async () => {
      const response = await send(reader, 'PUT', `/api/entities/${beId}/holidays`, {
        holidays: [],
      });

      expect(response.statusCode).toBe(403);
    });

    it('needs settings.read to list', async () => {
      expect((await send(disputes, 'GET', `/api/entities/${beId}/holidays`)).statusCode).toBe(403);
    });

    it('needs a session', async () => {
      expect((await send(null, 'GET', `/api/entities/${beId}/holidays`)).statusCode).toBe(401);
    });

    it('hides entities outside the scope', async () => {
      const listed = await send(limited, 'GET', `/api/entities/${beId}/holidays`);
      const replaced = await send(limited, 'PUT', `/api/entities/${beId}/holidays`, {
        holidays: [],
      });

      expect(listed.statusCode).toBe(404);
      expect(replaced.statusCode).toBe(404);
    });

    it('hides other organisations', async () => {
      const listed = await send(otherAdmin, 'GET', `/api/entities/${beId}/holidays`);

      expect(listed.statusCode).toBe(404);
    });
  });
});
