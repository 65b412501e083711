import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { MAX_ATTACHMENT_BYTES } from '../../issues/attachment-content.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { LoggedIn } from '../test-server.ts';
import {
  buildIssueFixture,
  registerTestIssue,
  requestAs,
  type IssueFixture,
} from '../testing/issue-fixture.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** Builds a multipart/form-data body with one file in the field `field`. */
function multipart(file: { name: string; type: string; content: Buffer }, field = 'file') {
  return multipartParts([{ field, ...file }]);
}

/** Builds a multipart/form-data body of file parts and, for parts without a name, text fields. */
function multipartParts(
  parts: Array<{ field: string; name?: string; type?: string; content: Buffer }>,
) {
  const boundary = `----collecta${randomUUID()}`;
  const chunks = parts.flatMap((part) => {
    const disposition =
      part.name === undefined
        ? `form-data; name="${part.field}"`
        : `form-data; name="${part.field}"; filename="${part.name}"\r\nContent-Type: ${part.type}`;
    return [
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      part.content,
      Buffer.from('\r\n'),
    ];
  });

  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('issue attachments', () => {
  let testDatabase: TestDatabase;
  let fixture: IssueFixture;
  let issueId: string;
  let distributionIssue: string;

  const upload = (
    session: LoggedIn,
    id: string,
    file: { name: string; type: string; content: Buffer },
    field?: string,
  ) => {
    const body = multipart(file, field);
    return fixture.server.app.inject({
      method: 'POST',
      url: `/api/issues/${id}/attachments`,
      headers: { ...session.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    fixture = await buildIssueFixture(testDatabase.database);
    issueId = await registerTestIssue(fixture, fixture.admin, {});
    distributionIssue = await registerTestIssue(fixture, fixture.admin, {
      categoryId: fixture.categories.delivery,
    });
  }, 120_000);

  afterAll(async () => {
    await fixture.server.app.close();
    await testDatabase.drop();
  });

  it('stores a PDF and downloads it', async () => {
    const response = await upload(fixture.sales, issueId, {
      name: 'delivery note.pdf',
      type: 'application/pdf',
      content: PDF,
    });
    const attachment = response.json();
    const download = await requestAs(
      fixture,
      fixture.sales,
      'GET',
      `/api/issues/${issueId}/attachments/${attachment.id}`,
    );
    const stored = await withOrganisation(testDatabase.database, fixture.organisationId, (trx) =>
      trx
        .selectFrom('issue_attachments')
        .select(['sha256', 'size_bytes'])
        .where('id', '=', attachment.id)
        .executeTakeFirstOrThrow(),
    );
    const detail = await requestAs(fixture, fixture.sales, 'GET', `/api/issues/${issueId}`);

    expect(response.statusCode).toBe(201);
    expect(attachment).toMatchObject({
      fileName: 'delivery note.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      createdBy: { actor: fixture.users.sales, name: 'User issue-sales' },
    });
    expect(stored).toEqual({
      sha256: createHash('sha256').update(PDF).digest('hex'),
      size_bytes: PDF.length,
    });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="delivery note.pdf"; filename*=UTF-8''delivery%20note.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(detail.json().attachments).toEqual([
      expect.objectContaining({ id: attachment.id, fileName: 'delivery note.pdf' }),
    ]);
    expect(detail.json().history.at(-1)).toMatchObject({
      kind: 'attachment_added',
      details: { after: { fileName: 'delivery note.pdf', sizeBytes: PDF.length } },
    });
  });

  it('names with other characters download safely', async () => {
    const response = await upload(fixture.admin, issueId, {
      name: '../../Lieferschein März (2).png',
      type: 'image/png',
      content: PNG,
    });
    const download = await requestAs(
      fixture,
      fixture.admin,
      'GET',
      `/api/issues/${issueId}/attachments/${response.json().id}`,
    );

    expect(response.json().fileName).toBe('Lieferschein März (2).png');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Lieferschein M_rz (2).png"; filename*=UTF-8''Lieferschein%20M%C3%A4rz%20%282%29.png`,
    );
  });

  it('rejects a file over 10 MiB', async () => {
    const content = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20);
    content.write('%PDF-1.4\n');
    const response = await upload(fixture.admin, issueId, {
      name: 'scan.pdf',
      type: 'application/pdf',
      content,
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('file: scan.pdf is larger than 10 MiB');
  });

  it('accepts a file of exactly 10 MiB', async () => {
    const content = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20);
    content.write('%PDF-1.4\n');
    const response = await upload(fixture.admin, issueId, {
      name: 'large.pdf',
      type: 'application/pdf',
      content,
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().sizeBytes).toBe(MAX_ATTACHMENT_BYTES);
  });

  it('rejects a type off the list', async () => {
    const response = await upload(fixture.admin, issueId, {
      name: 'setup.exe',
      type: 'application/x-msdownload',
      content: Buffer.from('MZ\x90\x00'),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      'file: setup.exe has the type application/x-msdownload, which issues do not accept; attach one of PDF, PNG',
    );
  });

  it('rejects content that does not match', async () => {
    const response = await upload(fixture.admin, issueId, {
      name: 'invoice.pdf',
      type: 'application/pdf',
      content: Buffer.from('<html><script>alert(1)</script></html>'),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      'file: invoice.pdf is declared as PDF but its content is not PDF',
    );
  });

  it('rejects binary content declared as text', async () => {
    const response = await upload(fixture.admin, issueId, {
      name: 'notes.txt',
      type: 'text/plain',
      content: Buffer.from([0x4d, 0x5a, 0x00, 0x01, 0x02]),
    });

    expect(response.statusCode).toBe(400);
  });

  it('takes the type from the name when unspecific', async () => {
    const eml = Buffer.from(
      'From: buyer@example.com\r\nSubject: Price\r\n\r\nThe price is wrong.\r\n',
    );
    const csv = Buffer.from('invoice;amount\r\nINV-1;1000,00\r\n');
    const email = await upload(fixture.admin, issueId, {
      name: 'complaint.eml',
      type: 'application/octet-stream',
      content: eml,
    });
    const sheet = await upload(fixture.admin, issueId, {
      name: 'amounts.csv',
      type: 'application/vnd.ms-excel',
      content: csv,
    });

    expect(email.statusCode).toBe(201);
    expect(email.json().contentType).toBe('message/rfc822');
    expect(sheet.statusCode).toBe(201);
    expect(sheet.json().contentType).toBe('text/csv');
  });

  it('rejects an empty file and a wrong field', async () => {
    const empty = await upload(fixture.admin, issueId, {
      name: 'empty.pdf',
      type: 'application/pdf',
      content: Buffer.alloc(0),
    });
    const wrongField = await upload(
      fixture.admin,
      issueId,
      { name: 'a.pdf', type: 'application/pdf', content: PDF },
      'document',
    );
    const json = await requestAs(
      fixture,
      fixture.admin,
      'POST',
      `/api/issues/${issueId}/attachments`,
      {
        file: 'x',
      },
    );

    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('file: empty.pdf is empty');
    expect(wrongField.statusCode).toBe(400);
    expect(json.statusCode).toBe(400);
  });

  it('rejects a second file part', async () => {
    const body = multipartParts([
      { field: 'file', name: 'first.pdf', type: 'application/pdf', content: PDF },
      { field: 'file', name: 'second.pdf', type: 'application/pdf', content: PDF },
    ]);
    const before = await requestAs(fixture, fixture.admin, 'GET', `/api/issues/${issueId}`);
    const response = await fixture.server.app.inject({
      method: 'POST',
      url: `/api/issues/${issueId}/attachments`,
      headers: { ...fixture.admin.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
    const after = await requestAs(fixture, fixture.admin, 'GET', `/api/issues/${issueId}`);

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'file: the request contains more than one file (the first is first.pdf); attach one file per request.',
    );
    expect(after.json().attachments).toHaveLength(before.json().attachments.length);
  });

  it('ignores text fields beside the file', async () => {
    const body = multipartParts([
      { field: 'comment', content: Buffer.from('scanned today') },
      { field: 'file', name: 'with-field.pdf', type: 'application/pdf', content: PDF },
    ]);
    const response = await fixture.server.app.inject({
      method: 'POST',
      url: `/api/issues/${issueId}/attachments`,
      headers: { ...fixture.admin.headers, 'content-type': body.contentType },
      payload: body.payload,
    });

    expect(response.statusCode).toBe(201);
    expect(response.json().fileName).toBe('with-field.pdf');
  });

  it('rejects html declared as text', async () => {
    const response = await upload(fixture.admin, issueId, {
      name: 'evil.html',
      type: 'text/plain',
      content: Buffer.from('<html><script>alert(1)</script></html>'),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      'file: evil.html has the extension .html, which is not allowed for plain text',
    );
  });

  it('deletes an attachment', async () => {
    const created = await upload(fixture.admin, issueId, {
      name: 'remove-me.png',
      type: 'image/png',
      content: PNG,
    });
    const url = `/api/issues/${issueId}/attachments/${created.json().id}`;
    const removed = await requestAs(fixture, fixture.admin, 'DELETE', url);
    const download = await requestAs(fixture, fixture.admin, 'GET', url);
    const again = await requestAs(fixture, fixture.admin, 'DELETE', url);
    const detail = await requestAs(fixture, fixture.admin, 'GET', `/api/issues/${issueId}`);

    expect(removed.statusCode).toBe(204);
    expect(download.statusCode).toBe(404);
    expect(again.statusCode).toBe(404);
    expect(detail.json().history.at(-1)).toMatchObject({
      kind: 'attachment_removed',
      details: { before: { fileName: 'remove-me.png' } },
    });
  });

  it('other departments cannot reach attachments', async () => {
    const created = await upload(fixture.admin, distributionIssue, {
      name: 'route.pdf',
      type: 'application/pdf',
      content: PDF,
    });
    const url = `/api/issues/${distributionIssue}/attachments/${created.json().id}`;
    const download = await requestAs(fixture, fixture.sales, 'GET', url);
    const removal = await requestAs(fixture, fixture.sales, 'DELETE', url);
    const added = await upload(fixture.sales, distributionIssue, {
      name: 'mine.pdf',
      type: 'application/pdf',
      content: PDF,
    });
    const otherOrganisation = await requestAs(fixture, fixture.otherAdmin, 'GET', url);
    const wrongIssue = await requestAs(
      fixture,
      fixture.admin,
      'GET',
      `/api/issues/${issueId}/attachments/${created.json().id}`,
    );

    expect(created.statusCode).toBe(201);
    expect(download.statusCode).toBe(404);
    expect(removal.statusCode).toBe(404);
    expect(added.statusCode).toBe(404);
    expect(otherOrganisation.statusCode).toBe(404);
    expect(wrongIssue.statusCode).toBe(404);
  });
});
