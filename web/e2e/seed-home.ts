import { createUser } from '../../src/auth/create-user.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { insertIssue, insertPromise } from '../../src/home/test-factories.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

/**
 * Seeds the browser-test organisation of seed-tenant.ts (batches, call
 * tasks, debtors with part payments) and adds what the start screen shows
 * beyond it: a credit manager, two promises to pay that fall due, and two
 * issues past their deadline, of which the older one is escalated.
 */
export async function seedHomeTenant(
  database: DatabaseHandle,
  params: {
    slug: string;
    /** The administrator of seed-tenant.ts. */
    administrator: { username: string; password: string };
    creditManager: { username: string; password: string; name: string };
  },
): Promise<SeededTenant> {
  const tenant = await seedTenant(database, { slug: params.slug, ...params.administrator });
  const { organisationId, today } = tenant;

  await withOrganisation(database, organisationId, async (trx) => {
    await createUser(trx, {
      organisationId,
      actor: 'browser-test',
      username: params.creditManager.username,
      email: `${params.creditManager.username}@example.test`,
      name: params.creditManager.name,
      password: params.creditManager.password,
      group: 'credit-manager',
    });
    const entity = await trx
      .selectFrom('entities')
      .selectAll()
      .where('id', '=', tenant.entityId)
      .executeTakeFirstOrThrow();
    const debtors = await trx
      .selectFrom('debtors')
      .select(['id', 'number'])
      .orderBy('number')
      .execute();
    const debtorId = (number: string) => {
      const found = debtors.find((debtor) => debtor.number === number);
      if (!found) {
        throw new Error(`seed-tenant.ts has no debtor ${number}`);
      }
      return found.id;
    };

    // D-1004 paid 2500.00 yesterday, after promising 4000.00 three days ago.
    await insertPromise(trx, entity, {
      debtorId: debtorId('D-1004'),
      promisedDate: today,
      amount: '4000.00',
      createdAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
    });
    await insertPromise(trx, entity, {
      debtorId: debtorId('D-1002'),
      promisedDate: addDays(today, -2),
      amount: '850.00',
      createdAt: new Date(Date.now() - 9 * 86_400_000).toISOString(),
    });
    const escalated = await insertIssue(trx, entity, {
      debtorId: debtorId('D-1002'),
      deadline: addDays(today, -4),
      department: 'Distribution',
    });
    await trx
      .updateTable('issues')
      .set({ escalated_at: new Date() })
      .where('id', '=', escalated)
      .execute();
    await insertIssue(trx, entity, {
      debtorId: debtorId('D-1003'),
      deadline: addDays(today, -1),
      department: 'Customer Service',
    });
  });

  return tenant;
}
