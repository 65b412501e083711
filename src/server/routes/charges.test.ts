import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChargeKind, Entity } from '../../db/schema.ts';
import { withOrganisation, type TenantTransaction } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import { addUser } from '../../home/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

/** Adds a charge of `amountMinor` on the invoice, as a dunning step would; returns its id. */
async function insertCharge(
  trx: TenantTransaction,
  values: {
    organisationId: string;
    entity: Entity;
    debtorId: string;
    invoiceId: string;
    kind: ChargeKind;
    amountMinor: number;
    vatMinor?: number;
    calculation?: Record<string, unknown>;
  },
): Promise<string> {
  const row = await trx
    .insertInto('charges')
    .values({
      organisation_id: values.organisationId,
      entity_id: values.entity.id,
      debtor_id: values.debtorId,
      invoice_id: values.invoiceId,
      kind: values.kind,
      charged_on: '2024-03-31',
      currency: 'EUR',
      amount_minor: values.amountMinor,
      vat_minor: values.vatMinor ?? 0,
      calculation: JSON.stringify(values.calculation ?? { test: true }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}

describe('charge routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let debtorId: string;
  let costsId: string;
  let interestId: string;
  let belgianDebtorId: string;
  let belgianChargeId: string;
  let foreignDebtorId: string;
  let foreignChargeId: string;
  const sessions: Record<string, LoggedIn> = {};

  const list = (username: string | null, id: string) =>
    server.app.inject({
      method: 'GET',
      url: `/api/debtors/${id}/charges`,
      headers: username ? (sessions[username]?.headers ?? {}) : {},
    });
  const waive = (username: string | null, id: string, reason = 'Goodwill after a complaint') =>
    server.app.inject({
      method: 'POST',
      url: `/api/charges/${id}/waive`,
      headers: username ? (sessions[username]?.headers ?? {}) : {},
      payload: { reason },
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, {
      slug: 'a',
      username: 'carla',
      group: 'credit-manager',
    });
    organisationId = a.organisationId;
    const b = await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });

    let be: Entity | undefined;
    await withOrganisation(database, organisationId, async (trx) => {
      const nl = await buildEntity(trx, organisationId, { code: 'NL01' });
      be = await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' });
      const debtor = await buildDebtor(trx, nl, { number: 'D-1' });
      debtorId = debtor.id;
      const invoice = await buildInvoice(trx, debtor, {
        number: 'INV-1',
        amountMinor: 100_000,
        dueDate: '2024-03-01',
      });
      const base = { organisationId, entity: nl, debtorId, invoiceId: invoice.id };
      costsId = await insertCharge(trx, {
        ...base,
        kind: 'collection_costs',
        amountMinor: 18_150,
        vatMinor: 3_150,
      });
      interestId = await insertCharge(trx, {
        ...base,
        kind: 'interest',
        amountMinor: 822,
        calculation: {
          basis: 'contractual',
          periods: [{ from: '2024-03-02', to: '2024-03-31', days: 30, basisPoints: 1000 }],
        },
      });
      const belgian = await buildDebtor(trx, be, { number: 'BE-1' });
      belgianDebtorId = belgian.id;
      const belgianInvoice = await buildInvoice(trx, belgian, {
        number: 'BE-INV',
        amountMinor: 5_000,
        dueDate: '2024-03-01',
      });
      belgianChargeId = await insertCharge(trx, {
        organisationId,
        entity: be,
        debtorId: belgian.id,
        invoiceId: belgianInvoice.id,
        kind: 'fee',
        amountMinor: 500,
      });
    });
    await withOrganisation(database, b.organisationId, async (trx) => {
      const uk = await buildEntity(trx, b.organisationId, { code: 'UK01', country: 'GB' });
      const foreign = await buildDebtor(trx, uk, { number: 'FOREIGN' });
      foreignDebtorId = foreign.id;
      const foreignInvoice = await buildInvoice(trx, foreign, {
        number: 'UK-INV',
        amountMinor: 5_000,
        dueDate: '2024-03-01',
      });
      foreignChargeId = await insertCharge(trx, {
        organisationId: b.organisationId,
        entity: uk,
        debtorId: foreign.id,
        invoiceId: foreignInvoice.id,
        kind: 'fee',
        amountMinor: 500,
      });
    });
    await addUser(database, organisationId, {
      username: 'bea',
      group: 'credit-manager',
      entityIds: [be?.id ?? ''],
    });
    await addUser(database, organisationId, { username: 'otto', group: 'auditor' });
    for (const username of ['carla', 'bert', 'bea', 'otto']) {
      sessions[username] = await logInAs(server.app, username);
    }
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('list needs a login', async () => {
    expect((await list(null, debtorId)).statusCode).toBe(401);
  });

  it('lists charges per invoice', async () => {
    const response = await list('carla', debtorId);
    const body = response.json();

    expect(response.statusCode).toBe(200);
    expect(body.invoices).toHaveLength(1);
    expect(body.invoices[0]).toMatchObject({
      number: 'INV-1',
      principalOpen: '1000.00',
      costsOpen: '181.50',
      interestOpen: '8.22',
      feesOpen: '0.00',
      totalOpen: '1189.72',
    });
    expect(body.invoices[0].charges).toHaveLength(2);
    expect(body.invoices[0].charges[0]).toMatchObject({ kind: 'collection_costs', vat: '31.50' });
    expect(body.totals).toEqual([
      { currency: 'EUR', principalOpen: '1000.00', chargesOpen: '189.72', totalOpen: '1189.72' },
    ]);
  });

  it('auditor reads but cannot waive', async () => {
    expect((await list('otto', debtorId)).statusCode).toBe(200);
    expect((await waive('otto', costsId)).statusCode).toBe(403);
  });

  it('waive needs a login', async () => {
    expect((await waive(null, costsId)).statusCode).toBe(401);
  });

  it('other entity is not found', async () => {
    expect((await list('bea', debtorId)).statusCode).toBe(404);
    expect((await waive('bea', costsId)).statusCode).toBe(404);
    expect((await list('carla', belgianDebtorId)).statusCode).toBe(200);
    expect((await list('bea', belgianDebtorId)).statusCode).toBe(200);
    expect((await waive('bea', belgianChargeId)).statusCode).toBe(200);
  });

  it('other organisation is not found', async () => {
    expect((await list('carla', foreignDebtorId)).statusCode).toBe(404);
    expect((await waive('carla', foreignChargeId)).statusCode).toBe(404);
    expect((await list('bert', debtorId)).statusCode).toBe(404);
    expect((await waive('bert', costsId)).statusCode).toBe(404);
  });

  it('waive rejects an empty reason', async () => {
    expect((await waive('carla', interestId, '')).statusCode).toBe(400);
    expect((await waive('carla', interestId, '   ')).statusCode).toBe(400);
  });

  it('waives once, audited', async () => {
    const first = await waive('carla', interestId, 'Interest waived as agreed by phone');
    const second = await waive('carla', interestId);
    const listed = (await list('carla', debtorId)).json();
    const audits = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'after'])
        .where('subject_id', '=', interestId)
        .execute(),
    );

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      kind: 'interest',
      reason: 'Interest waived as agreed by phone',
    });
    expect(second.statusCode).toBe(409);
    expect(listed.invoices[0].interestOpen).toBe('0.00');
    expect(listed.invoices[0].charges[1]).toMatchObject({
      open: '0.00',
      waived: { reason: 'Interest waived as agreed by phone' },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.action).toBe('charge.waived');
  });
});
