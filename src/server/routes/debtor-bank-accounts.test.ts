import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity } from '../../debtors/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { buildTestUser } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

const IBAN = 'NL88RABO0895321178';
const SECOND_IBAN = 'NL26INGB0417397051';
const BELGIAN_IBAN = 'NL98ABNA0113995039';

interface AccountBody {
  id: string;
  iban: string;
  bic: string | null;
  accountHolderName: string | null;
  source: string;
  createdBy: string;
  sharedWith: Array<{ number: string }>;
}

/**
 * The bank account routes of the customer card. Organisation A has the
 * entities NL01 and BE01 with one debtor each. anna administers A, otto is
 * an auditor of A (debtors.read only), nina administers A limited to NL01,
 * and bert administers organisation B.
 */
describe('debtor bank account routes', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let anna: LoggedIn;
  let otto: LoggedIn;
  let nina: LoggedIn;
  let bert: LoggedIn;
  let nlDebtorId: string;
  let nlNeighbourId: string;
  let beDebtorId: string;
  let beAccountId: string;

  const send = (
    session: LoggedIn | undefined,
    method: InjectOptions['method'],
    url: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: session?.headers ?? {},
      ...(payload === undefined ? {} : { payload }),
    });
  const list = (session: LoggedIn | undefined, debtorId: string) =>
    send(session, 'GET', `/api/debtors/${debtorId}/bank-accounts`);
  const add = (session: LoggedIn | undefined, debtorId: string, payload: object) =>
    send(session, 'POST', `/api/debtors/${debtorId}/bank-accounts`, payload);
  const remove = (session: LoggedIn | undefined, debtorId: string, accountId: string) =>
    send(session, 'DELETE', `/api/debtors/${debtorId}/bank-accounts/${accountId}`);
  const storedIbans = () =>
    withOrganisation(testDatabase.database, organisationId, async (trx) =>
      (
        await trx
          .selectFrom('debtor_bank_accounts')
          .select(['debtor_id', 'iban'])
          .orderBy('iban')
          .execute()
      ).map((row) => `${row.debtor_id === beDebtorId ? 'BE' : 'NL'}:${row.iban}`),
    );
  const auditOf = (action: string) =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['actor', 'subject_id', 'entity_id', 'before', 'after'])
        .where('action', '=', action)
        .orderBy('occurred_at')
        .execute(),
    );

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'iban-a', username: 'anna' });
    organisationId = a.organisationId;
    await buildOrganisationWithUser(database, { slug: 'iban-b', username: 'bert' });
    const nlEntityId = await withOrganisation(database, organisationId, async (trx) => {
      const nl = await buildEntity(trx, organisationId, { code: 'NL01' });
      const be = await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' });
      nlDebtorId = (await buildDebtor(trx, nl, { number: 'NL-1001', name: 'Noord BV' })).id;
      nlNeighbourId = (await buildDebtor(trx, nl, { number: 'NL-1002', name: 'Zuid BV' })).id;
      beDebtorId = (await buildDebtor(trx, be, { number: 'BE-1001', name: 'Brussel NV' })).id;
      return nl.id;
    });
    await buildTestUser(database, organisationId, { username: 'otto', group: 'auditor' });
    await buildTestUser(database, organisationId, {
      username: 'nina',
      group: 'administrator',
      entityIds: [nlEntityId],
    });
    anna = await logInAs(server.app, 'anna');
    otto = await logInAs(server.app, 'otto');
    nina = await logInAs(server.app, 'nina');
    bert = await logInAs(server.app, 'bert');
    const created = await add(anna, beDebtorId, { iban: BELGIAN_IBAN });
    beAccountId = created.json().id;
  }, 180_000);

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('add stores the IBAN in electronic form', async () => {
    const response = await add(anna, nlDebtorId, {
      iban: 'nl88 rabo 0895 3211 78',
      bic: 'rabonl2u',
      accountHolderName: '  Noord BV  ',
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      iban: IBAN,
      bic: 'RABONL2U',
      accountHolderName: 'Noord BV',
      source: 'user',
      sharedWith: [],
    });
  });

  it('add writes an audit event', async () => {
    const events = await auditOf('debtor.bank_account_added');
    const event = events.find((candidate) => candidate.subject_id === nlDebtorId);

    expect(event?.after).toEqual({
      iban: IBAN,
      bic: 'RABONL2U',
      accountHolderName: 'Noord BV',
      source: 'user',
    });
    expect(event?.entity_id).not.toBeNull();
  });

  it('list returns the accounts and who shares them', async () => {
    await add(anna, nlNeighbourId, { iban: IBAN });

    const response = await list(anna, nlDebtorId);
    const accounts: AccountBody[] = response.json();

    expect(response.statusCode).toBe(200);
    expect(accounts.map((account) => account.iban)).toEqual([IBAN]);
    expect(accounts[0]?.sharedWith.map((debtor) => debtor.number)).toEqual(['NL-1002']);
  });

  it('add rejects an IBAN failing its check', async () => {
    const response = await add(anna, nlDebtorId, { iban: 'NL89RABO0895321178' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_input');
    expect(response.json().error.message).toContain(
      'NL89RABO0895321178 is not a valid IBAN: its country, length or check digits are wrong',
    );
  });

  it('add rejects a malformed BIC', async () => {
    const response = await add(anna, nlDebtorId, { iban: SECOND_IBAN, bic: 'RABO' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('body.bic: RABO is not a BIC');
  });

  it('add rejects an IBAN twice', async () => {
    const response = await add(anna, nlDebtorId, { iban: IBAN });

    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('already_exists');
  });

  it('remove deletes the account and logs it', async () => {
    const created = await add(anna, nlDebtorId, { iban: SECOND_IBAN });

    const response = await remove(anna, nlDebtorId, created.json().id);
    const events = await auditOf('debtor.bank_account_removed');

    expect(response.statusCode).toBe(204);
    expect(await storedIbans()).not.toContain(`NL:${SECOND_IBAN}`);
    expect(events.at(-1)?.before).toMatchObject({ iban: SECOND_IBAN, source: 'user' });
  });

  it('remove of another debtor account is not found', async () => {
    const response = await remove(anna, nlDebtorId, beAccountId);

    expect(response.statusCode).toBe(404);
    expect(await storedIbans()).toContain(`BE:${BELGIAN_IBAN}`);
  });

  it('rejects requests without a session', async () => {
    const before = await storedIbans();

    expect((await list(undefined, nlDebtorId)).statusCode).toBe(401);
    expect((await add(undefined, nlDebtorId, { iban: SECOND_IBAN })).statusCode).toBe(401);
    expect((await remove(undefined, beDebtorId, beAccountId)).statusCode).toBe(401);
    expect(await storedIbans()).toEqual(before);
  });

  it('auditor reads but cannot change', async () => {
    const before = await storedIbans();

    expect((await list(otto, nlDebtorId)).statusCode).toBe(200);
    expect((await add(otto, nlDebtorId, { iban: SECOND_IBAN })).statusCode).toBe(403);
    expect((await remove(otto, beDebtorId, beAccountId)).statusCode).toBe(403);
    expect(await storedIbans()).toEqual(before);
  });

  it('user of NL01 cannot reach a BE01 debtor', async () => {
    const before = await storedIbans();

    expect((await list(nina, nlDebtorId)).statusCode).toBe(200);
    expect((await list(nina, beDebtorId)).statusCode).toBe(404);
    expect((await add(nina, beDebtorId, { iban: SECOND_IBAN })).statusCode).toBe(404);
    expect((await remove(nina, beDebtorId, beAccountId)).statusCode).toBe(404);
    expect(await storedIbans()).toEqual(before);
  });

  it('other organisation cannot reach the debtors', async () => {
    const before = await storedIbans();

    expect((await list(bert, nlDebtorId)).statusCode).toBe(404);
    expect((await add(bert, nlDebtorId, { iban: SECOND_IBAN })).statusCode).toBe(404);
    expect((await remove(bert, beDebtorId, beAccountId)).statusCode).toBe(404);
    expect(await storedIbans()).toEqual(before);
  });
});
