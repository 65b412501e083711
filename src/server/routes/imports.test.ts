import { randomBytes } from 'node:crypto';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildWizardTenant,
  type WizardTenant,
} from '../../provisioning/testing/build-wizard-tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** Builds a multipart/form-data body with text fields and an optional file. */
function multipart(
  fields: Record<string, string>,
  file?: { name: string; content: Buffer | string },
): { payload: Buffer; contentType: string } {
  const boundary = `collecta-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, 'utf8'),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));

  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A Dutch export: semicolons, decimal commas, day-first dates and Dutch headers. */
const dutchCsv = [
  'Debiteur;Naam;Type klant;Land;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag',
  ...Array.from({ length: 12 }, (_, index) => {
    const number = 100 + index;
    const kind = index % 3 === 0 ? 'b2c' : 'b2b';
    const amount = `1.2${String(index).padStart(2, '0')},50`;
    return `D${number};Klant ${number};${kind};NL;F-${number};01-02-2025;03-03-2025;${amount}`;
  }),
].join('\r\n');

const dutchMapping = {
  columns: {
    Debiteur: 'debtor_number',
    Naam: 'debtor_name',
    'Type klant': 'debtor_kind',
    Land: 'debtor_country',
    Factuurnummer: 'invoice_number',
    Factuurdatum: 'invoice_date',
    Vervaldatum: 'due_date',
    Bedrag: 'amount',
  },
};

describe('import routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let tenant: WizardTenant;
  const sessions: Record<string, LoggedIn> = {};

  const upload = (
    username: string,
    url: string,
    fields: Record<string, string>,
    file?: { name: string; content: Buffer | string },
  ) => {
    const body = multipart(fields, file);
    return server.app.inject({
      method: 'POST',
      url,
      headers: { ...sessions[username]?.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const invoiceCount = async () => {
    const row = await testDatabase.database.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('organisation_id', '=', tenant.organisationId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    tenant = await buildWizardTenant(database, {
      slug: 'a',
      entityCodes: ['NL01', 'DE01'],
      users: [
        { username: 'anna', group: 'administrator' },
        { username: 'mona', group: 'manager' },
        { username: 'ella', group: 'credit-manager', entity: 'DE01' },
      ],
    });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    for (const username of ['anna', 'mona', 'ella', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('preview reads a Dutch CSV export', async () => {
    const response = await upload(
      'anna',
      '/api/imports/preview',
      { entity: 'NL01' },
      {
        name: 'openstaande-posten.csv',
        content: dutchCsv,
      },
    );
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({
      fileName: 'openstaande-posten.csv',
      format: 'csv',
      delimiter: ';',
      decimalSeparator: ',',
      dateFormat: 'DD-MM-YYYY',
      mappingSource: 'headers',
      warnings: [],
    });
    expect(body.columns).toEqual(dutchCsv.split('\r\n')[0]?.split(';'));
    expect(body.rows).toHaveLength(10);
    expect(body.rows[0]).toEqual([
      'D100',
      'Klant 100',
      'b2c',
      'NL',
      'F-100',
      '01-02-2025',
      '03-03-2025',
      '1.200,50',
    ]);
    expect(body.suggestedMapping).toEqual({
      debtor_number: 'Debiteur',
      debtor_name: 'Naam',
      debtor_country: 'Land',
      invoice_number: 'Factuurnummer',
      invoice_date: 'Factuurdatum',
      due_date: 'Vervaldatum',
      amount: 'Bedrag',
    });
    expect(body.fields).toContainEqual(
      expect.objectContaining({ name: 'invoice_number', required: true }),
    );
  });

  it('preview reads an XLSX file', async () => {
    const workbook = await writeXlsxFile([
      ['Invoice', 'Customer name', 'Due date', 'Amount'],
      ['INV-1', 'Delta Supplies', '2025-03-01', 5323.54],
    ]).toBuffer();
    const response = await upload(
      'anna',
      '/api/imports/preview',
      { entity: 'NL01' },
      {
        name: 'open.xlsx',
        content: workbook,
      },
    );

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      format: 'xlsx',
      delimiter: null,
      dateFormat: 'YYYY-MM-DD',
      rows: [['INV-1', 'Delta Supplies', '2025-03-01', '5323.54']],
      suggestedMapping: {
        invoice_number: 'Invoice',
        debtor_name: 'Customer name',
        due_date: 'Due date',
        amount: 'Amount',
      },
    });
  });

  it('preview uses a preset with columns', async () => {
    const csv = [
      'countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate',
      '391,0379-NEVHP,4/6/2013,611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0',
    ].join('\n');
    const response = await upload(
      'anna',
      '/api/imports/preview',
      { entity: 'NL01', preset: 'ar-history' },
      { name: 'ar.csv', content: csv },
    );

    expect(response.json()).toMatchObject({
      mappingSource: 'preset',
      dateFormat: 'M/D/YYYY',
      suggestedMapping: {
        debtor_number: 'customerID',
        invoice_number: 'invoiceNumber',
        'debtor.custom.countryCode': 'countryCode',
      },
    });
  });

  it('import rejects invalid rows and writes nothing', async () => {
    const broken = `${dutchCsv}\r\nD999;Klant 999;b2b;NL;F-999;01-02-2025;31-02-2025;12,00`;
    const response = await upload(
      'anna',
      '/api/imports',
      { entity: 'NL01', mapping: JSON.stringify(dutchMapping) },
      { name: 'broken.csv', content: broken },
    );

    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('import_rejected');
    expect(response.json().error.details.rejected).toEqual([
      {
        file: 'broken.csv',
        row: 14,
        column: 'Vervaldatum',
        field: 'due_date',
        value: '31-02-2025',
        reason: expect.any(String),
        reasonKey: 'import_date_not_real',
        reasonParams: { format: expect.any(String) },
      },
    ]);
    expect(await invoiceCount()).toBe(0);
  });

  it('import runs, saves the mapping and assigns segments', async () => {
    const profile = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx.selectFrom('succession_profiles').select('id').executeTakeFirstOrThrow(),
    );
    const segment = await server.app.inject({
      method: 'POST',
      url: '/api/segments',
      headers: sessions.anna?.headers ?? {},
      payload: {
        name: 'Consumers',
        priority: 10,
        rules: [{ field: 'kind', operator: 'equals', value: 'b2c' }],
        profileId: profile.id,
      },
    });
    const response = await upload(
      'anna',
      '/api/imports',
      { entity: 'NL01', mapping: JSON.stringify(dutchMapping), full: 'true' },
      { name: 'openstaande-posten.csv', content: dutchCsv },
    );
    const consumers = await testDatabase.database.db
      .selectFrom('debtors')
      .select('number')
      .where('segment_id', '=', segment.json().id)
      .orderBy('number')
      .execute();
    const amount = await testDatabase.database.db
      .selectFrom('invoices')
      .select(['amount_minor', 'due_date'])
      .where('number', '=', 'F-101')
      .executeTakeFirstOrThrow();

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      debtors: { new: 12, changed: 0, unchanged: 0 },
      invoices: { new: 12, closed: 0 },
      rejected: [],
      dateFormat: 'DD-MM-YYYY',
      segments: { changed: 4 },
    });
    expect(consumers.map((debtor) => debtor.number)).toEqual(['D100', 'D103', 'D106', 'D109']);
    expect(amount).toEqual({ amount_minor: 120_150, due_date: '2025-03-03' });
  });

  it('preview offers the saved mapping', async () => {
    const response = await upload(
      'anna',
      '/api/imports/preview',
      { entity: 'NL01' },
      {
        name: 'next-month.csv',
        content: dutchCsv,
      },
    );

    expect(response.json()).toMatchObject({
      mappingSource: 'saved',
      dateFormat: 'DD-MM-YYYY',
      suggestedMapping: { debtor_kind: 'Type klant', invoice_number: 'Factuurnummer' },
    });
  });

  it('saved mapping is per entity', async () => {
    const response = await upload(
      'anna',
      '/api/imports/preview',
      { entity: 'DE01' },
      {
        name: 'de.csv',
        content: dutchCsv,
      },
    );

    expect(response.json().mappingSource).toBe('headers');
  });

  it('import rejects a bad mapping', async () => {
    const notJson = await upload(
      'anna',
      '/api/imports',
      { entity: 'NL01', mapping: '{columns' },
      { name: 'a.csv', content: dutchCsv },
    );
    const unknownField = await upload(
      'anna',
      '/api/imports',
      { entity: 'NL01', mapping: JSON.stringify({ columns: { Bedrag: 'price' } }) },
      { name: 'a.csv', content: dutchCsv },
    );

    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.message).toContain('mapping: not valid JSON');
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.message).toContain('"price" is not a field');
  });

  it('upload needs a file and an entity', async () => {
    const noFile = await upload('anna', '/api/imports/preview', { entity: 'NL01' });
    const noEntity = await upload(
      'anna',
      '/api/imports/preview',
      {},
      {
        name: 'a.csv',
        content: dutchCsv,
      },
    );
    const notMultipart = await server.app.inject({
      method: 'POST',
      url: '/api/imports/preview',
      headers: sessions.anna?.headers ?? {},
      payload: { entity: 'NL01' },
    });
    const unknownEntity = await upload(
      'anna',
      '/api/imports/preview',
      { entity: 'XX99' },
      {
        name: 'a.csv',
        content: dutchCsv,
      },
    );

    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('file');
    expect(noEntity.statusCode).toBe(400);
    expect(noEntity.json().error.message).toContain('entity');
    expect(notMultipart.statusCode).toBe(400);
    expect(unknownEntity.statusCode).toBe(404);
  });

  it('skipInvalid imports the valid rows', async () => {
    const broken = `${dutchCsv}\r\nD999;Klant 999;b2b;NL;F-999;01-02-2025;31-02-2025;12,00`;
    const response = await upload(
      'anna',
      '/api/imports',
      { entity: 'DE01', mapping: JSON.stringify(dutchMapping), skipInvalid: 'true' },
      { name: 'broken.csv', content: broken },
    );
    const imported = await testDatabase.database.db
      .selectFrom('invoices as i')
      .innerJoin('entities as e', 'e.id', 'i.entity_id')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('e.code', '=', 'DE01')
      .where('i.organisation_id', '=', tenant.organisationId)
      .executeTakeFirstOrThrow();

    expect(response.statusCode).toBe(200);
    expect(response.json().rejected).toHaveLength(1);
    expect(response.json().rejected[0]).toMatchObject({ row: 14, column: 'Vervaldatum' });
    expect(Number(imported.count)).toBe(12);
  });

  it('routes require a login', async () => {
    const body = multipart({ entity: 'NL01' }, { name: 'a.csv', content: dutchCsv });
    const responses = await Promise.all(
      ['/api/imports/preview', '/api/imports'].map((url) =>
        server.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': body.contentType },
          payload: body.payload,
        }),
      ),
    );

    expect(responses.map((response) => response.statusCode)).toEqual([401, 401]);
  });

  it('routes need imports.manage', async () => {
    const preview = await upload(
      'mona',
      '/api/imports/preview',
      { entity: 'NL01' },
      {
        name: 'a.csv',
        content: dutchCsv,
      },
    );
    const run = await upload(
      'mona',
      '/api/imports',
      { entity: 'NL01', mapping: JSON.stringify(dutchMapping) },
      { name: 'a.csv', content: dutchCsv },
    );

    expect(preview.statusCode).toBe(403);
    expect(run.statusCode).toBe(403);
  });

  it('another entity is not found', async () => {
    const before = await invoiceCount();
    const preview = await upload(
      'ella',
      '/api/imports/preview',
      { entity: 'NL01' },
      {
        name: 'a.csv',
        content: dutchCsv,
      },
    );
    const run = await upload(
      'ella',
      '/api/imports',
      { entity: 'NL01', mapping: JSON.stringify(dutchMapping) },
      { name: 'a.csv', content: dutchCsv },
    );
    const own = await upload(
      'ella',
      '/api/imports/preview',
      { entity: 'DE01' },
      {
        name: 'a.csv',
        content: dutchCsv,
      },
    );

    expect(preview.statusCode).toBe(404);
    expect(run.statusCode).toBe(404);
    expect(own.statusCode).toBe(200);
    expect(await invoiceCount()).toBe(before);
  });

  it('another organisation is not found', async () => {
    const run = await upload(
      'bert',
      '/api/imports',
      { entity: 'NL01', mapping: JSON.stringify(dutchMapping) },
      { name: 'a.csv', content: dutchCsv },
    );

    expect(run.statusCode).toBe(404);
  });
});
