import type { InjectOptions } from 'fastify';
import type { DatabaseHandle } from '../../db/database.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildDebtor, buildEntity, buildInvoice } from '../../debtors/test-factories.ts';
import type { SendJobOptions } from '../../jobs/job-queue.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';
import { buildTestUser } from './access-fixtures.ts';

/** A job that the recording queue of the fixture received. */
export interface RecordedJob {
  name: string;
  payload: object;
  /** Whether the job was sent inside the caller's transaction. */
  inTransaction: boolean;
}

/**
 * Organisation A has the entities NL01 and BE01. NL01 has debtor 1001 with
 * the open invoices INV-1 and INV-2 and the closed invoice INV-3, and debtor
 * 1002 with INV-9. BE01 has debtor 5001 with BE-1. The process "Disputes"
 * has the categories Price (10 calendar days, Sales), Delivery (5 working
 * days, Distribution) and Old (archived). Users: `admin` (administrator),
 * `manager` (manager group), `sales` and `distribution` (dispute handlers
 * of those departments), `nlOnly` (dispute handler limited to NL01).
 * Organisation B has only its administrator `otherAdmin`. The server's job
 * queue records every job instead of queueing it.
 */
export interface IssueFixture {
  server: TestServer;
  organisationId: string;
  jobs: RecordedJob[];
  admin: LoggedIn;
  manager: LoggedIn;
  sales: LoggedIn;
  distribution: LoggedIn;
  nlOnly: LoggedIn;
  otherAdmin: LoggedIn;
  users: { admin: string; manager: string; sales: string; distribution: string; reader: string };
  departments: { sales: string; distribution: string };
  categories: { price: string; delivery: string; archived: string };
  debtor: { id: string; number: string };
  otherDebtor: { id: string; number: string };
  beDebtor: { id: string; number: string };
  invoices: { first: string; second: string; closed: string; otherDebtor: string; be: string };
}

export async function buildIssueFixture(database: DatabaseHandle): Promise<IssueFixture> {
  const jobs: RecordedJob[] = [];
  const jobQueue = {
    send: async (name: string, payload: object, options: SendJobOptions = {}) => {
      jobs.push({ name, payload, inTransaction: options.executor !== undefined });
      return `job-${jobs.length}`;
    },
  };
  const server = await buildTestServer(database, { jobQueue });
  const a = await buildOrganisationWithUser(database, {
    slug: 'issues-a',
    username: 'issue-admin',
  });
  await buildOrganisationWithUser(database, { slug: 'issues-b', username: 'issue-other' });
  const organisationId = a.organisationId;

  const rows = await withOrganisation(database, organisationId, async (trx) => {
    const nl = await buildEntity(trx, organisationId, { code: 'NL01', country: 'NL' });
    const be = await buildEntity(trx, organisationId, { code: 'BE01', country: 'BE' });
    const debtor = await buildDebtor(trx, nl, { number: '1001', name: 'Acme Trading BV' });
    const otherDebtor = await buildDebtor(trx, nl, { number: '1002', name: 'Beta Foods' });
    const beDebtor = await buildDebtor(trx, be, { number: '5001', name: 'Gamma SPRL' });

    const first = await buildInvoice(trx, debtor, {
      number: 'INV-1',
      amountMinor: 100_000,
      dueDate: '2025-03-01',
    });
    const second = await buildInvoice(trx, debtor, {
      number: 'INV-2',
      amountMinor: 25_050,
      dueDate: '2025-04-01',
    });
    const closed = await buildInvoice(trx, debtor, {
      number: 'INV-3',
      amountMinor: 7_500,
      dueDate: '2025-02-01',
      closedOn: '2025-02-15',
    });
    const other = await buildInvoice(trx, otherDebtor, {
      number: 'INV-9',
      amountMinor: 9_900,
      dueDate: '2025-03-01',
    });
    const beInvoice = await buildInvoice(trx, beDebtor, {
      number: 'BE-1',
      amountMinor: 5_000,
      dueDate: '2025-03-01',
    });

    const departments = await trx.selectFrom('departments').select(['id', 'name']).execute();
    const departmentId = (name: string) => {
      const found = departments.find((department) => department.name === name);
      if (!found) {
        throw new Error(`department ${name} is not seeded`);
      }
      return found.id;
    };

    const process = await trx
      .insertInto('business_processes')
      .values({
        organisation_id: organisationId,
        name: 'Disputes',
        names: JSON.stringify({ nl: 'Geschillen' }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const category = (values: {
      name: string;
      days: number;
      dayKind: 'calendar' | 'working';
      department: string;
      archived?: boolean;
    }) =>
      trx
        .insertInto('issue_categories')
        .values({
          organisation_id: organisationId,
          process_id: process.id,
          name: values.name,
          names: JSON.stringify({ nl: `${values.name} (nl)` }),
          days_to_resolve: values.days,
          day_kind: values.dayKind,
          department_id: departmentId(values.department),
          archived: values.archived ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const price = await category({
      name: 'Price',
      days: 10,
      dayKind: 'calendar',
      department: 'Sales',
    });
    const delivery = await category({
      name: 'Delivery',
      days: 5,
      dayKind: 'working',
      department: 'Distribution',
    });
    const archived = await category({
      name: 'Old',
      days: 3,
      dayKind: 'calendar',
      department: 'Sales',
      archived: true,
    });

    return {
      nl,
      debtor,
      otherDebtor,
      beDebtor,
      invoices: {
        first: first.id,
        second: second.id,
        closed: closed.id,
        otherDebtor: other.id,
        be: beInvoice.id,
      },
      departments: { sales: departmentId('Sales'), distribution: departmentId('Distribution') },
      categories: { price: price.id, delivery: delivery.id, archived: archived.id },
    };
  });

  const manager = await buildTestUser(database, organisationId, {
    username: 'issue-manager',
    group: 'manager',
  });
  const sales = await buildTestUser(database, organisationId, {
    username: 'issue-sales',
    group: 'dispute-handler',
    department: 'Sales',
  });
  const distribution = await buildTestUser(database, organisationId, {
    username: 'issue-distribution',
    group: 'dispute-handler',
    department: 'Distribution',
  });
  await buildTestUser(database, organisationId, {
    username: 'issue-nl-only',
    group: 'dispute-handler',
    entityIds: [rows.nl.id],
  });
  const reader = await buildTestUser(database, organisationId, {
    username: 'issue-auditor',
    group: 'auditor',
  });

  return {
    server,
    organisationId,
    jobs,
    admin: await logInAs(server.app, 'issue-admin'),
    manager: await logInAs(server.app, 'issue-manager'),
    sales: await logInAs(server.app, 'issue-sales'),
    distribution: await logInAs(server.app, 'issue-distribution'),
    nlOnly: await logInAs(server.app, 'issue-nl-only'),
    otherAdmin: await logInAs(server.app, 'issue-other'),
    users: { admin: a.userId, manager, sales, distribution, reader },
    departments: rows.departments,
    categories: rows.categories,
    debtor: { id: rows.debtor.id, number: rows.debtor.number },
    otherDebtor: { id: rows.otherDebtor.id, number: rows.otherDebtor.number },
    beDebtor: { id: rows.beDebtor.id, number: rows.beDebtor.number },
    invoices: rows.invoices,
  };
}

/** Sends a request as `session`, with a JSON body when `payload` is given. */
export function requestAs(
  fixture: IssueFixture,
  session: LoggedIn,
  method: InjectOptions['method'],
  url: string,
  payload?: object,
) {
  return fixture.server.app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Registers an issue as `session` and returns its id; throws unless the response is 201. */
export async function registerTestIssue(
  fixture: IssueFixture,
  session: LoggedIn,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await requestAs(fixture, session, 'POST', '/api/issues', {
    entity: 'NL01',
    debtorId: fixture.debtor.id,
    invoiceIds: [],
    categoryId: fixture.categories.price,
    description: 'Price differs from the quote',
    ...body,
  });
  if (response.statusCode !== 201) {
    throw new Error(`registering an issue failed with ${response.statusCode}: ${response.body}`);
  }

  return (response.json() as { id: string }).id;
}
