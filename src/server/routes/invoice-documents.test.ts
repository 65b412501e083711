import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Debtor, Entity, Invoice } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { MAX_INVOICE_DOCUMENT_BYTES } from '../../invoices/invoice-documents.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildOrganisation,
} from '../../messaging/testing/message-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  bearer,
  buildTestUser,
  createTestApiKey,
  createTestGroup,
} from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const pdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`);

/** Builds a multipart/form-data body with one file in the field `field`. */
function multipart(field: string, fileName: string, content: Buffer) {
  const boundary = 'collecta-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`;

  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('invoice document routes', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let server: TestServer;
  let organisationId: string;
  let entity: Entity;
  let debtor: Debtor;
  let readKey: string;
  let coraId: string;
  const sessions: Record<string, LoggedIn> = {};

  const url = (invoice: Invoice) => `/api/invoices/${invoice.id}/document`;
  const headersOf = (username: string) => sessions[username]?.headers ?? {};
  const putRaw = (headers: Record<string, string>, invoice: Invoice, body: Buffer, query = '') =>
    server.app.inject({
      method: 'PUT',
      url: `${url(invoice)}${query}`,
      headers: { ...headers, 'content-type': 'application/pdf' },
      payload: body,
    });
  const newInvoice = (number?: string) => buildInvoice(database, debtor, number ? { number } : {});
  const readStored = (invoice: Invoice) =>
    withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('invoice_documents')
        .select(['file_name', 'content', 'byte_size', 'uploaded_by'])
        .where('invoice_id', '=', invoice.id)
        .executeTakeFirst()
        .then((row) => row && { ...row, content: Buffer.from(row.content) }),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    server = await buildTestServer(database);
    organisationId = await buildOrganisation(database);
    entity = await buildEntity(database, organisationId);
    debtor = await buildDebtor(database, entity);
    await createTestGroup(database, organisationId, {
      slug: 'reader',
      permissions: ['debtors.read'],
    });
    coraId = await buildTestUser(database, organisationId, {
      username: 'cora',
      group: 'credit-manager',
    });
    await buildTestUser(database, organisationId, { username: 'rita', group: 'reader' });
    await buildOrganisationWithUser(database, { slug: 'other', username: 'bert' });
    readKey = (await createTestApiKey(database, organisationId, ['debtors.read'])).key;
    for (const username of ['cora', 'rita', 'bert']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server?.app.close();
    await testDatabase?.drop();
  });

  it('stores a raw PDF body', async () => {
    const invoice = await newInvoice('INV-RAW-1');

    const response = await putRaw(headersOf('cora'), invoice, pdf('raw'), '?fileName=../copy.pdf');
    const stored = await readStored(invoice);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      invoiceId: invoice.id,
      fileName: 'copy.pdf',
      byteSize: pdf('raw').length,
      uploadedBy: coraId,
    });
    expect(stored?.content.equals(pdf('raw'))).toBe(true);
  });

  it('stores a multipart upload', async () => {
    const invoice = await newInvoice('INV-MULTI-1');
    const form = multipart('file', 'scan <2024>.pdf', pdf('multi'));

    const response = await server.app.inject({
      method: 'PUT',
      url: url(invoice),
      headers: { ...headersOf('cora'), 'content-type': form.contentType },
      payload: form.payload,
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().fileName).toBe('scan _2024_.pdf');
    expect((await readStored(invoice))?.content.equals(pdf('multi'))).toBe(true);
  });

  it('downloads and removes a copy', async () => {
    const invoice = await newInvoice('INV-DL-1');
    await putRaw(headersOf('cora'), invoice, pdf('download'));

    const download = await server.app.inject({
      method: 'GET',
      url: url(invoice),
      headers: bearer(readKey),
    });
    const listed = await server.app.inject({
      method: 'GET',
      url: `/api/debtors/${debtor.id}/invoice-documents`,
      headers: bearer(readKey),
    });
    const removed = await server.app.inject({
      method: 'DELETE',
      url: url(invoice),
      headers: headersOf('cora'),
    });
    const afterRemoval = await server.app.inject({
      method: 'GET',
      url: url(invoice),
      headers: bearer(readKey),
    });
    const audit = await withOrganisation(database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select('action')
        .where('subject_id', '=', invoice.id)
        .orderBy('occurred_at')
        .execute(),
    );

    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('invoice-INV-DL-1.pdf');
    expect(download.rawPayload.equals(pdf('download'))).toBe(true);
    expect(listed.json()).toContainEqual(
      expect.objectContaining({ invoiceId: invoice.id, fileName: 'invoice-INV-DL-1.pdf' }),
    );
    expect(removed.statusCode).toBe(204);
    expect(afterRemoval.statusCode).toBe(404);
    expect(audit.map((event) => event.action)).toEqual([
      'invoice.document_saved',
      'invoice.document_removed',
    ]);
  });

  it('rejects a file that is no PDF', async () => {
    const invoice = await newInvoice();

    const response = await putRaw(headersOf('cora'), invoice, Buffer.from('<html></html>'));

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'file: the file is not a PDF (it does not start with %PDF-); upload the invoice as a PDF.',
    );
    expect(await readStored(invoice)).toBeUndefined();
  });

  it('rejects a file over 10 MiB', async () => {
    const invoice = await newInvoice();
    const large = Buffer.concat([pdf('large'), Buffer.alloc(MAX_INVOICE_DOCUMENT_BYTES)]);
    const form = multipart('file', 'large.pdf', large);

    const raw = await putRaw(headersOf('cora'), invoice, large);
    const multi = await server.app.inject({
      method: 'PUT',
      url: url(invoice),
      headers: { ...headersOf('cora'), 'content-type': form.contentType },
      payload: form.payload,
    });

    expect(raw.statusCode).toBe(413);
    expect(raw.json().error.code).toBe('payload_too_large');
    expect(raw.json().error.message).toBe(
      'The request body is larger than the maximum of 10485760 bytes (10 MiB); send a smaller file.',
    );
    expect(multi.statusCode).toBe(413);
    expect(multi.json().error.code).toBe('payload_too_large');
    expect(multi.json().error.message).toContain('larger than the maximum of 10485760 bytes');
    expect(await readStored(invoice)).toBeUndefined();
  });

  it('requires authentication', async () => {
    const invoice = await newInvoice();

    const put = await putRaw({}, invoice, pdf('anonymous'));
    const get = await server.app.inject({ method: 'GET', url: url(invoice) });

    expect(put.statusCode).toBe(401);
    expect(get.statusCode).toBe(401);
  });

  it('requires debtors.manage to change', async () => {
    const invoice = await newInvoice();

    const put = await putRaw(headersOf('rita'), invoice, pdf('reader'));
    const byKey = await putRaw(bearer(readKey), invoice, pdf('key'));
    const removal = await server.app.inject({
      method: 'DELETE',
      url: url(invoice),
      headers: headersOf('rita'),
    });

    expect(put.statusCode).toBe(403);
    expect(byKey.statusCode).toBe(403);
    expect(removal.statusCode).toBe(403);
    expect(await readStored(invoice)).toBeUndefined();
  });

  it('hides other organisations', async () => {
    const invoice = await newInvoice();
    await putRaw(headersOf('cora'), invoice, pdf('ours'));

    const put = await putRaw(headersOf('bert'), invoice, pdf('theirs'));
    const get = await server.app.inject({
      method: 'GET',
      url: url(invoice),
      headers: { cookie: sessions.bert?.cookie ?? '' },
    });

    expect(put.statusCode).toBe(404);
    expect(get.statusCode).toBe(404);
    expect((await readStored(invoice))?.content.equals(pdf('ours'))).toBe(true);
  });
});
