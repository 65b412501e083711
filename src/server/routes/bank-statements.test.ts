import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { camtFile, ENTITY_IBAN, OTHER_IBAN } from '../../statements/testing/statement-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildTestUser, createTestGroup, permissionsWithout } from '../testing/access-fixtures.ts';
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
  file?: { name: string; content: string },
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
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/xml\r\n\r\n${file.content}\r\n`,
      ),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));

  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('bank statement routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let anna: LoggedIn;
  let reader: LoggedIn;
  let other: LoggedIn;
  let limited: LoggedIn;
  let entityId: string;
  let secondEntityId: string;
  let invoiceId: string;

  const statement = camtFile([
    {
      id: 'API-STMT-1',
      entries: [
        {
          amount: '120.00',
          bankReference: 'API-1',
          details: [{ endToEndId: 'API-E2E-1', name: 'Acme', text: 'Invoice API-100' }],
        },
        {
          amount: '15.00',
          bankReference: 'API-2',
          details: [{ endToEndId: 'API-E2E-2', text: 'unknown' }],
        },
      ],
    },
  ]);

  const upload = (
    session: LoggedIn,
    fields: Record<string, string>,
    content = statement,
    name = 'day.xml',
  ) => {
    const body = multipart(fields, { name, content });
    return server.app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { ...session.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    await buildOrganisationWithUser(database, { slug: 'b', username: 'otto' });
    await withOrganisation(database, a.organisationId, async (trx) => {
      const entity = await buildEntity(trx, a.organisationId);
      const second = await buildEntity(trx, a.organisationId, { code: 'NL02' });
      await trx
        .updateTable('entities')
        .set({ iban: ENTITY_IBAN })
        .where('id', '=', entity.id)
        .execute();
      entityId = entity.id;
      secondEntityId = second.id;
      const debtor = await buildDebtor(trx, entity, { number: 'D1' });
      const invoice = await buildInvoice(trx, debtor, {
        number: 'API-100',
        amountMinor: 12_000,
        dueDate: '2026-02-01',
      });
      invoiceId = invoice.id;
    });
    const readerGroup = await createTestGroup(database, a.organisationId, {
      slug: 'no-payments',
      permissions: permissionsWithout('payments.manage'),
    });
    await buildTestUser(database, a.organisationId, { username: 'rita', group: readerGroup });
    await buildTestUser(database, a.organisationId, {
      username: 'lena',
      group: 'administrator',
      entityIds: [secondEntityId],
    });
    anna = await logInAs(server.app, 'anna');
    reader = await logInAs(server.app, 'rita');
    other = await logInAs(server.app, 'otto');
    limited = await logInAs(server.app, 'lena');
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('rejects a request without a session', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/bank-statements' });

    expect(response.statusCode).toBe(401);
  });

  it('rejects an import without payments.manage', async () => {
    const response = await upload(reader, { entityId });

    expect(response.statusCode).toBe(403);
  });

  it('rejects a statement of another account with 422', async () => {
    const response = await upload(
      anna,
      { entityId },
      camtFile([{ id: 'FOREIGN', iban: OTHER_IBAN, entries: [{ amount: '1.00' }] }]),
      'foreign.xml',
    );

    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('import_rejected');
    expect(response.json().error.message).toContain('or import with anyAccount "true".');
  });

  it('imports a file and counts a second import as duplicates', async () => {
    const first = await upload(anna, { entityId, anyAccount: 'false' });
    const second = await upload(anna, { entityId });

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      statements: 1,
      transactions: 2,
      matched: 1,
      unmatched: 1,
      duplicates: 0,
    });
    expect(first.json().statementIds).toHaveLength(1);
    expect(second.json()).toMatchObject({ transactions: 2, matched: 0, duplicates: 2 });
    expect(second.json().statementIds).toEqual(first.json().statementIds);
  });

  it('lists the statement and shows its transactions', async () => {
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/bank-statements?entity=NL01',
      headers: anna.headers,
    });
    const [item] = list.json() as Array<{ id: string; unmatchedCount: number }>;
    const detail = await server.app.inject({
      method: 'GET',
      url: `/api/bank-statements/${item?.id ?? ''}`,
      headers: anna.headers,
    });
    const body = detail.json() as {
      identification: string;
      transactions: Array<Record<string, unknown>>;
    };

    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(1);
    expect(item).toMatchObject({
      identification: 'API-STMT-1',
      entityCode: 'NL01',
      unmatchedCount: 1,
    });
    expect(detail.statusCode).toBe(200);
    expect(body.transactions).toHaveLength(2);
    expect(body.transactions[0]).toMatchObject({
      amount: '120.00',
      bookingKind: 'receipt',
      matchState: 'matched',
      matchMethod: 'invoice_number',
      remainder: '0.00',
      allocations: [{ invoiceId, invoiceNumber: 'API-100', amount: '120.00' }],
    });
    expect(body.transactions[1]).toMatchObject({
      amount: '15.00',
      matchState: 'unmatched',
      matchMethod: null,
      remainder: '15.00',
    });
  });

  it('hides statements outside the caller’s entities and organisation', async () => {
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/bank-statements',
      headers: anna.headers,
    });
    const id = (list.json() as Array<{ id: string }>)[0]?.id ?? '';

    for (const session of [limited, other]) {
      const hiddenList = await server.app.inject({
        method: 'GET',
        url: '/api/bank-statements',
        headers: session.headers,
      });
      const hiddenDetail = await server.app.inject({
        method: 'GET',
        url: `/api/bank-statements/${id}`,
        headers: session.headers,
      });

      expect(hiddenList.json()).toEqual([]);
      expect(hiddenDetail.statusCode).toBe(404);
    }
    const importElsewhere = await upload(limited, { entityId, anyAccount: 'true' });

    expect(importElsewhere.statusCode).toBe(404);
  });

  it('rejects a missing entityId and a missing file', async () => {
    const noEntity = await upload(anna, {});
    const body = multipart({ entityId });
    const noFile = await server.app.inject({
      method: 'POST',
      url: '/api/bank-statements',
      headers: { ...anna.headers, 'content-type': body.contentType },
      payload: body.payload,
    });

    expect(noEntity.statusCode).toBe(400);
    expect(noEntity.json().error.message).toContain('entityId');
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().error.message).toContain('attach the camt.053');
  });
});
