import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildReachedStep,
} from '../../debtors/test-factories.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';
import { buildTestUser } from './access-fixtures.ts';

/** Run date of the fixture's dunning runs: the invoices due 2025-03-01 reach their first reminder. */
export const FIXTURE_RUN_DATE = '2025-03-08';

/** The rows of one entity of the fixture, as the API returns them to an administrator. */
export interface FixtureEntity {
  id: string;
  code: string;
  debtorId: string;
  /** Every message batch of the run date. */
  batchIds: string[];
  /** The e-mail batch, approved, so that its messages are in the outbox. */
  approvedBatchId: string;
  /** A message of the approved batch. */
  messageId: string;
  callTaskId: string;
}

/**
 * Organisation A has the entities NL01 and BE01, each with debtors,
 * invoices, a dunning run, an approved e-mail batch and a call task.
 * Organisation B is empty. `admin` is A's administrator for every entity,
 * `nlOnly` an administrator of A limited to NL01, and `otherAdmin` B's
 * administrator.
 */
export interface TwoEntityTenant {
  server: TestServer;
  organisationId: string;
  otherOrganisationId: string;
  admin: LoggedIn;
  nlOnly: LoggedIn;
  otherAdmin: LoggedIn;
  nl: FixtureEntity;
  be: FixtureEntity;
}

export async function buildTwoEntityTenant(database: DatabaseHandle): Promise<TwoEntityTenant> {
  const server = await buildTestServer(database);
  const a = await buildOrganisationWithUser(database, { slug: 'scope-a', username: 'scope-admin' });
  const b = await buildOrganisationWithUser(database, { slug: 'scope-b', username: 'scope-other' });

  const entities = await withOrganisation(database, a.organisationId, async (trx) => {
    const built: Array<{ id: string; code: string; debtorId: string; callTaskId: string }> = [];
    for (const [code, country] of [
      ['NL01', 'NL'],
      ['BE01', 'BE'],
    ] as const) {
      // FIXTURE_RUN_DATE is a Saturday: every day is a sending day here, so the run makes its messages.
      const entity = await buildEntity(trx, a.organisationId, {
        code,
        country,
        workingDays: [1, 2, 3, 4, 5, 6, 7],
      });
      const first = await buildDebtor(trx, entity, { number: `${code}-1001` });
      await buildInvoice(trx, first, {
        number: `${code}-INV-1`,
        amountMinor: 100_000,
        dueDate: '2025-03-01',
      });
      const second = await buildDebtor(trx, entity, { number: `${code}-1002` });
      await buildInvoice(trx, second, {
        number: `${code}-INV-2`,
        amountMinor: 50_000,
        dueDate: '2025-03-01',
      });
      const called = await buildDebtor(trx, entity, { number: `${code}-1003` });
      const calledInvoice = await buildInvoice(trx, called, {
        number: `${code}-INV-3`,
        amountMinor: 20_000,
        dueDate: '2025-02-01',
      });
      const reached = await buildReachedStep(trx, calledInvoice, {
        stepName: 'Phone call',
        reachedOn: FIXTURE_RUN_DATE,
      });
      built.push({ id: entity.id, code, debtorId: first.id, callTaskId: reached.callTaskId });
    }
    return built;
  });
  const [nlEntity, beEntity] = entities;
  if (!nlEntity || !beEntity) {
    throw new Error('the fixture did not build both entities');
  }

  await buildTestUser(database, a.organisationId, {
    username: 'scope-nl-only',
    group: 'administrator',
    entityIds: [nlEntity.id],
  });
  const admin = await logInAs(server.app, 'scope-admin');
  const nlOnly = await logInAs(server.app, 'scope-nl-only');
  const otherAdmin = await logInAs(server.app, 'scope-other');

  return {
    server,
    organisationId: a.organisationId,
    otherOrganisationId: b.organisationId,
    admin,
    nlOnly,
    otherAdmin,
    nl: await runAndApprove(server, admin, nlEntity),
    be: await runAndApprove(server, admin, beEntity),
  };
}

/** Runs dunning for the entity as the administrator and approves its e-mail batch. */
async function runAndApprove(
  server: TestServer,
  admin: LoggedIn,
  entity: { id: string; code: string; debtorId: string; callTaskId: string },
): Promise<FixtureEntity> {
  const request = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const response = await server.app.inject({
      method,
      url,
      headers: admin.headers,
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode !== 200) {
      throw new Error(`${method} ${url} failed with ${response.statusCode}: ${response.body}`);
    }
    return response.json() as unknown;
  };

  await request('POST', '/api/dunning-runs', { entity: entity.code, date: FIXTURE_RUN_DATE });
  const batches = (await request(
    'GET',
    `/api/batches?entity=${entity.code}&date=${FIXTURE_RUN_DATE}`,
  )) as Array<{ id: string; channel: string }>;
  const email = batches.find((batch) => batch.channel === 'email');
  if (!email) {
    throw new Error(`no e-mail batch for ${entity.code} among ${JSON.stringify(batches)}`);
  }
  await request('POST', `/api/batches/${email.id}/approve`);
  const detail = (await request('GET', `/api/batches/${email.id}`)) as {
    messages: Array<{ id: string }>;
  };
  const message = detail.messages[0];
  if (!message) {
    throw new Error(`the e-mail batch of ${entity.code} has no messages`);
  }

  return {
    ...entity,
    batchIds: batches.map((batch) => batch.id),
    approvedBatchId: email.id,
    messageId: message.id,
  };
}
