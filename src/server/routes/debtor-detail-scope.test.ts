import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { LoggedIn } from '../test-server.ts';
import { buildTwoEntityTenant, type TwoEntityTenant } from '../testing/two-entity-tenant.ts';

const FLAGGED_ADDRESS = 'bounced@example.com';
const FLAGGED_NUMBER = '+31201234567';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

/** The ids one case of the table acts on: a debtor, one of its invoices and the caller's segment. */
interface Target {
  debtorId: string;
  invoiceId: string;
  entityCode: string;
  segmentId: string;
}

/**
 * The debtor detail routes of the customer card under entity scope and
 * tenant isolation: segment, flagged e-mail addresses and phone numbers,
 * invoice copies and the template preview. A user limited to NL01 gets 404
 * for BE01's debtor and invoice, and a user of another organisation gets 404
 * for both. Every rejected change leaves the rows as they were, and the same
 * requests by the administrator of the data succeed afterwards.
 */
describe('debtor detail routes across entities and organisations', () => {
  let testDatabase: TestDatabase;
  let tenant: TwoEntityTenant;
  /** Per entity code: the first invoice of the fixture's first debtor. */
  const invoiceIds = new Map<string, string>();
  /** Per session: the id of the default segment of the session's organisation. */
  const defaultSegments = new Map<LoggedIn, string>();

  const send = (
    session: LoggedIn | undefined,
    method: InjectOptions['method'],
    url: string,
    payload?: object,
  ) =>
    tenant.server.app.inject({
      method,
      url,
      headers: session?.headers ?? {},
      ...(payload === undefined ? {} : { payload }),
    });

  const target = (caller: LoggedIn, side: 'nl' | 'be'): Target => ({
    debtorId: tenant[side].debtorId,
    invoiceId: invoiceIds.get(tenant[side].code) ?? '',
    entityCode: tenant[side].code,
    segmentId: defaultSegments.get(caller) ?? '',
  });

  /** Every request of the customer card's detail routes, built for one target. */
  const requests: Array<{
    name: string;
    method: InjectOptions['method'];
    url: (data: Target) => string;
    body?: (data: Target) => object;
    /** Sends the body as a raw PDF instead of JSON. */
    pdf?: boolean;
  }> = [
    { name: 'segment read', method: 'GET', url: (data) => `/api/debtors/${data.debtorId}/segment` },
    {
      name: 'segment change',
      method: 'PUT',
      url: (data) => `/api/debtors/${data.debtorId}/segment`,
      body: (data) => ({ segmentId: data.segmentId, pinned: true }),
    },
    {
      name: 'flagged e-mail addresses',
      method: 'GET',
      url: (data) => `/api/debtors/${data.debtorId}/invalid-email-addresses`,
    },
    {
      name: 'e-mail flag clearing',
      method: 'DELETE',
      url: (data) =>
        `/api/debtors/${data.debtorId}/invalid-email-addresses/${encodeURIComponent(FLAGGED_ADDRESS)}`,
    },
    {
      name: 'phone flag clearing',
      method: 'DELETE',
      url: (data) =>
        `/api/debtors/${data.debtorId}/invalid-phone-numbers/${encodeURIComponent(FLAGGED_NUMBER)}`,
    },
    {
      name: 'invoice copies list',
      method: 'GET',
      url: (data) => `/api/debtors/${data.debtorId}/invoice-documents`,
    },
    {
      name: 'invoice copy download',
      method: 'GET',
      url: (data) => `/api/invoices/${data.invoiceId}/document`,
    },
    {
      name: 'invoice copy upload',
      method: 'PUT',
      url: (data) => `/api/invoices/${data.invoiceId}/document?fileName=theirs.pdf`,
      pdf: true,
    },
    {
      name: 'invoice copy removal',
      method: 'DELETE',
      url: (data) => `/api/invoices/${data.invoiceId}/document`,
    },
    {
      name: 'template preview',
      method: 'POST',
      url: () => '/api/templates/preview',
      body: (data) => ({
        entity: data.entityCode,
        debtorId: data.debtorId,
        templateKey: 'reminder-1',
        language: 'en',
        channel: 'email',
      }),
    },
  ];

  const sendCase = (caller: LoggedIn, side: 'nl' | 'be', request: (typeof requests)[number]) => {
    const data = target(caller, side);
    if (request.pdf) {
      return tenant.server.app.inject({
        method: request.method,
        url: request.url(data),
        headers: { ...caller.headers, 'content-type': 'application/pdf' },
        payload: PDF,
      });
    }
    return send(caller, request.method, request.url(data), request.body?.(data));
  };

  /** Reads the flags, copies and segment pins of the fixture's first debtors, as stored. */
  const readStoredRows = () =>
    withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const debtorIds = [tenant.nl.debtorId, tenant.be.debtorId];
      const emails = await trx
        .selectFrom('invalid_email_addresses')
        .select(['debtor_id', 'address'])
        .where('debtor_id', 'in', debtorIds)
        .orderBy('debtor_id')
        .execute();
      const phones = await trx
        .selectFrom('invalid_phone_numbers')
        .select(['debtor_id', 'number'])
        .where('debtor_id', 'in', debtorIds)
        .orderBy('debtor_id')
        .execute();
      const documents = await trx
        .selectFrom('invoice_documents')
        .select(['invoice_id', 'file_name'])
        .orderBy('invoice_id')
        .execute();
      const pins = await trx
        .selectFrom('debtors')
        .select(['id', 'segment_pinned'])
        .where('id', 'in', debtorIds)
        .orderBy('id')
        .execute();
      return { emails, phones, documents, pins };
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    tenant = await buildTwoEntityTenant(testDatabase.database);

    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      for (const side of ['nl', 'be'] as const) {
        const { debtorId, code } = tenant[side];
        const debtor = await trx
          .selectFrom('debtors')
          .select('entity_id')
          .where('id', '=', debtorId)
          .executeTakeFirstOrThrow();
        const invoice = await trx
          .selectFrom('invoices')
          .select('id')
          .where('debtor_id', '=', debtorId)
          .orderBy('number')
          .executeTakeFirstOrThrow();
        invoiceIds.set(code, invoice.id);
        const row = {
          organisation_id: tenant.organisationId,
          entity_id: debtor.entity_id,
          debtor_id: debtorId,
        };
        await trx
          .insertInto('invalid_email_addresses')
          .values({ ...row, address: FLAGGED_ADDRESS, reason: '5.1.1 user unknown' })
          .execute();
        await trx
          .insertInto('invalid_phone_numbers')
          .values({ ...row, number: FLAGGED_NUMBER, flagged_by: 'test' })
          .execute();
      }
    });

    for (const session of [tenant.admin, tenant.nlOnly, tenant.otherAdmin]) {
      const segments = (await send(session, 'GET', '/api/segments')).json() as Array<{
        id: string;
        isDefault: boolean;
      }>;
      defaultSegments.set(session, segments.find((segment) => segment.isDefault)?.id ?? '');
    }

    for (const side of ['nl', 'be'] as const) {
      const upload = await sendCase(tenant.admin, side, {
        name: 'upload',
        method: 'PUT',
        url: (data) => `/api/invoices/${data.invoiceId}/document?fileName=ours.pdf`,
        pdf: true,
      });
      if (upload.statusCode !== 200) {
        throw new Error(`storing the ${side} invoice copy failed: ${upload.body}`);
      }
    }
  }, 180_000);

  afterAll(async () => {
    await tenant.server.app.close();
    await testDatabase.drop();
  });

  it('fixture gives each caller a segment', () => {
    for (const session of [tenant.admin, tenant.nlOnly, tenant.otherAdmin]) {
      expect(defaultSegments.get(session)).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(defaultSegments.get(tenant.otherAdmin)).not.toBe(defaultSegments.get(tenant.admin));
  });

  it('limited user reads own debtor details', async () => {
    const failures: string[] = [];
    for (const request of requests.filter((item) => item.method === 'GET')) {
      const response = await sendCase(tenant.nlOnly, 'nl', request);
      if (response.statusCode !== 200) {
        failures.push(`${request.name}: ${response.statusCode} ${response.body}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('routes return 401 without a session', async () => {
    const failures: string[] = [];
    for (const request of requests) {
      const data = target(tenant.admin, 'be');
      const response = await send(undefined, request.method, request.url(data));
      if (response.statusCode !== 401) {
        failures.push(`${request.name}: ${response.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('NL01 user gets 404 for BE01', async () => {
    const before = await readStoredRows();
    const failures: string[] = [];
    for (const request of requests) {
      const response = await sendCase(tenant.nlOnly, 'be', request);
      if (response.statusCode !== 404 || response.json().error.code !== 'not_found') {
        failures.push(`${request.name}: ${response.statusCode} ${response.body}`);
      }
    }

    expect(failures).toEqual([]);
    expect(await readStoredRows()).toEqual(before);
  });

  it.each(['nl', 'be'] as const)('other organisation gets 404 for %s', async (side) => {
    const before = await readStoredRows();
    const failures: string[] = [];
    for (const request of requests) {
      const response = await sendCase(tenant.otherAdmin, side, request);
      if (response.statusCode !== 404 || response.json().error.code !== 'not_found') {
        failures.push(`${request.name}: ${response.statusCode} ${response.body}`);
      }
    }

    expect(failures).toEqual([]);
    expect(await readStoredRows()).toEqual(before);
  });

  it('preview of a BE01 debtor under NL01 returns 404', async () => {
    const response = await send(tenant.nlOnly, 'POST', '/api/templates/preview', {
      entity: 'NL01',
      debtorId: tenant.be.debtorId,
      templateKey: 'reminder-1',
      language: 'en',
      channel: 'email',
    });

    expect(response.statusCode).toBe(404);
  });

  // Runs last: the administrator's own requests clear the flags and the copies.
  it('administrator gets through on BE01', async () => {
    const failures: string[] = [];
    for (const request of requests) {
      const response = await sendCase(tenant.admin, 'be', request);
      if (response.statusCode >= 300) {
        failures.push(`${request.name}: ${response.statusCode} ${response.body}`);
      }
    }
    const stored = await readStoredRows();

    expect(failures).toEqual([]);
    expect(stored.emails.map((row) => row.debtor_id)).toEqual([tenant.nl.debtorId]);
    expect(stored.phones.map((row) => row.debtor_id)).toEqual([tenant.nl.debtorId]);
    expect(stored.documents.map((row) => row.invoice_id)).toEqual([invoiceIds.get('NL01')]);
    expect(stored.pins.find((row) => row.id === tenant.be.debtorId)?.segment_pinned).toBe(true);
    expect(stored.pins.find((row) => row.id === tenant.nl.debtorId)?.segment_pinned).toBe(false);
  });
});
