import { createUser } from '../../src/auth/create-user.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import type { DatabaseHandle, Executor } from '../../src/db/database.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { parseAmount } from '../../src/money/money.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

const actor = 'browser-test';

export interface UserSeed {
  username: string;
  password: string;
  name: string;
}

/** The organisation of seed-tenant.ts with what the issue flow adds to it. */
export interface IssueTenant extends SeededTenant {
  /** The debtor on whose invoices the test registers an issue. */
  debtor: { id: string; name: string };
  /** The debtor's three overdue invoices by number, none reminded yet. */
  invoices: { id: string; number: string; daysPastDue: number }[];
  /** The pausing category handled by the Distribution department. */
  category: { id: string; name: string; dutchName: string; resumeAfterDays: number };
  distributionId: string;
}

/**
 * Seeds the browser-test organisation of seed-tenant.ts (an administrator,
 * debtors, today's batches) and adds what the issue flow needs. These are a
 * credit manager, a dispute handler of the Distribution department, and a
 * process with a pausing category of that department and one that does not
 * pause. A new debtor has three overdue invoices that no run has reminded.
 * Three issues of other debtors fill the list: one past its deadline and one
 * with a later deadline in Distribution, and one of Customer Service that the
 * dispute handler may not see.
 */
export async function seedIssueTenant(
  database: DatabaseHandle,
  params: {
    slug: string;
    administrator: { username: string; password: string };
    creditManager: UserSeed;
    disputeHandler: UserSeed;
  },
): Promise<IssueTenant> {
  const tenant = await seedTenant(database, { slug: params.slug, ...params.administrator });
  const { organisationId, entityId, today } = tenant;

  return withOrganisation(database, organisationId, async (trx) => {
    const departmentId = async (name: string) =>
      (
        await trx
          .selectFrom('departments')
          .select('id')
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id;
    const distributionId = await departmentId('Distribution');
    const customerServiceId = await departmentId('Customer Service');

    await addUser(trx, organisationId, params.creditManager, 'credit-manager', null);
    await addUser(trx, organisationId, params.disputeHandler, 'dispute-handler', distributionId);

    const process = await trx
      .insertInto('business_processes')
      .values({
        organisation_id: organisationId,
        name: 'Logistics',
        names: JSON.stringify({ nl: 'Logistiek', en: 'Logistics' }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const category = {
      name: 'Wrong delivery',
      dutchName: 'Verkeerde levering',
      resumeAfterDays: 7,
    };
    const pausing = await trx
      .insertInto('issue_categories')
      .values({
        organisation_id: organisationId,
        process_id: process.id,
        name: category.name,
        names: JSON.stringify({ nl: category.dutchName, en: category.name }),
        pauses_dunning: true,
        days_to_resolve: 10,
        day_kind: 'working',
        department_id: distributionId,
        resume_after_days: category.resumeAfterDays,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const notPausing = await trx
      .insertInto('issue_categories')
      .values({
        organisation_id: organisationId,
        process_id: process.id,
        name: 'Delivery late',
        names: JSON.stringify({ nl: 'Levering te laat', en: 'Delivery late' }),
        pauses_dunning: false,
        days_to_resolve: 5,
        day_kind: 'calendar',
        department_id: customerServiceId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const debtor = await insertDebtor(trx, { organisationId, entityId });
    // Past due by 10, 12 and 8 days: each has passed the first reminder (7 days)
    // and none the second (21 days) within the week the test runs dunning.
    const invoices: IssueTenant['invoices'] = [];
    for (const [index, daysPastDue] of [10, 12, 8].entries()) {
      const dueDate = addDays(today, -daysPastDue);
      const number = `F2610${index + 1}`;
      const invoice = await trx
        .insertInto('invoices')
        .values({
          organisation_id: organisationId,
          entity_id: entityId,
          debtor_id: debtor.id,
          number,
          kind: 'invoice',
          invoice_date: addDays(dueDate, -30),
          due_date: dueDate,
          currency: 'EUR',
          amount_minor: parseAmount(['1840.00', '622.50', '305.25'][index] ?? '100.00', 'EUR'),
          closed_on: null,
          hold_reason: null,
          hold_until: null,
          custom: JSON.stringify({}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      invoices.push({ id: invoice.id, number, daysPastDue });
    }

    const otherDebtors = await trx
      .selectFrom('debtors')
      .select(['id', 'number'])
      .where('number', 'in', ['D-1002', 'D-1003', 'D-1004'])
      .orderBy('number')
      .execute();
    const [northwind, deVries, vanDenBerg] = otherDebtors;
    if (!northwind || !deVries || !vanDenBerg) {
      throw new Error('seed-tenant.ts no longer has the debtors D-1002, D-1003 and D-1004.');
    }
    const backgroundIssues = [
      {
        debtor_id: northwind.id,
        category_id: pausing.id,
        department_id: distributionId,
        status: 'in_progress' as const,
        description: 'Two pallets arrived damaged.',
        deadline: addDays(today, -3),
        opened_on: addDays(today, -17),
      },
      {
        debtor_id: vanDenBerg.id,
        category_id: pausing.id,
        department_id: distributionId,
        status: 'waiting_for_debtor' as const,
        description: 'The debtor was to send photos of the delivery.',
        deadline: addDays(today, 9),
        opened_on: addDays(today, -4),
      },
      {
        debtor_id: deVries.id,
        category_id: notPausing.id,
        department_id: customerServiceId,
        status: 'new' as const,
        description: 'Ordered goods came a week late.',
        deadline: addDays(today, 2),
        opened_on: addDays(today, -3),
      },
    ];
    for (const issue of backgroundIssues) {
      await trx
        .insertInto('issues')
        .values({
          organisation_id: organisationId,
          entity_id: entityId,
          opened_by: actor,
          ...issue,
        })
        .execute();
    }

    return {
      ...tenant,
      debtor,
      invoices,
      category: { id: pausing.id, ...category },
      distributionId,
    };
  });
}

async function addUser(
  trx: Executor,
  organisationId: string,
  user: UserSeed,
  group: string,
  departmentId: string | null,
): Promise<void> {
  const created = await createUser(trx, {
    organisationId,
    actor,
    username: user.username,
    email: `${user.username}@example.test`,
    name: user.name,
    password: user.password,
    group,
  });
  if (departmentId) {
    await trx
      .updateTable('users')
      .set({ department_id: departmentId })
      .where('id', '=', created.id)
      .execute();
  }
}

async function insertDebtor(
  trx: Executor,
  scope: { organisationId: string; entityId: string },
): Promise<{ id: string; name: string }> {
  const name = 'Hoekstra Logistiek B.V.';
  const debtor = await trx
    .insertInto('debtors')
    .values({
      organisation_id: scope.organisationId,
      entity_id: scope.entityId,
      number: 'D-2001',
      name,
      kind: 'b2b',
      language: 'nl',
      email: 'crediteuren@hoekstra.example.test',
      phone: '+31 50 555 0201',
      address_line: 'Havenstraat 12',
      postal_code: '9711 AB',
      city: 'Groningen',
      country: 'NL',
      segment_id: null,
      coc_number: null,
      vat_number: null,
      risk_score: null,
      credit_limit_minor: null,
      custom: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return { id: debtor.id, name };
}
