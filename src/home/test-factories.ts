import { sql } from 'kysely';
import { createUser } from '../auth/create-user.ts';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import type { Entity, IssueStatus, MessageChannel, PromiseStatus } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { parseAmount } from '../money/money.ts';
import { TEST_PASSWORD } from '../server/test-server.ts';

/**
 * Factories for tests of the start screen, call outcomes and promises: each
 * inserts rows directly, with amounts as decimal text in the entity's
 * currency. Run them inside withOrganisation.
 */
const actor = 'test';

/** Adds a user with TEST_PASSWORD, limited to `entityIds` and `department` when given. */
export async function addUser(
  database: DatabaseHandle,
  organisationId: string,
  params: { username: string; group: string; entityIds?: string[]; department?: string },
): Promise<string> {
  return withOrganisation(database, organisationId, async (trx) => {
    const user = await createUser(trx, {
      organisationId,
      actor,
      username: params.username,
      email: `${params.username}@example.test`,
      name: params.username,
      password: TEST_PASSWORD,
      group: params.group,
    });
    for (const entityId of params.entityIds ?? []) {
      await trx
        .insertInto('user_entities')
        .values({ organisation_id: organisationId, user_id: user.id, entity_id: entityId })
        .execute();
    }
    if (params.department) {
      const department = await findDepartment(trx, params.department);
      await trx
        .updateTable('users')
        .set({ department_id: department })
        .where('id', '=', user.id)
        .execute();
    }
    return user.id;
  });
}

export async function findDepartment(trx: Executor, name: string): Promise<string> {
  const row = await trx
    .selectFrom('departments')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();

  return row.id;
}

/** Inserts a dunning run of the entity, which call tasks and messages need. */
export async function insertRun(trx: Executor, entity: Entity, runDate: string): Promise<string> {
  const run = await trx
    .insertInto('dunning_runs')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      run_date: runDate,
      summary: JSON.stringify({}),
      skipped: JSON.stringify([]),
      created_by: actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return run.id;
}

async function findStep(trx: Executor, name: string): Promise<string> {
  const row = await trx
    .selectFrom('steps')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();

  return row.id;
}

export async function insertCallTask(
  trx: Executor,
  entity: Entity,
  values: {
    debtorId: string;
    dueDate: string;
    total: string;
    status?: 'open' | 'done' | 'cancelled';
  },
): Promise<string> {
  const runId = await insertRun(trx, entity, values.dueDate);
  const task = await trx
    .insertInto('call_tasks')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      run_id: runId,
      debtor_id: values.debtorId,
      step_id: await findStep(trx, 'Phone call'),
      due_date: values.dueDate,
      currency: entity.currency,
      total_minor: parseAmount(values.total, entity.currency),
      status: values.status ?? 'open',
      explanation: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return task.id;
}

/** Inserts a message batch with one message per entry of `messages`. */
export async function insertBatch(
  trx: Executor,
  entity: Entity,
  values: {
    debtorId: string;
    runDate: string;
    channel?: MessageChannel;
    status?: 'pending' | 'approved' | 'sent';
    messages: Array<{ total: string; status?: 'pending' | 'removed' | 'approved' }>;
  },
): Promise<string> {
  const runId = await insertRun(trx, entity, values.runDate);
  const channel = values.channel ?? 'email';
  const batch = await trx
    .insertInto('message_batches')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      run_date: values.runDate,
      channel,
      status: values.status ?? 'pending',
      approved_by: null,
      approved_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stepId = await findStep(trx, 'First reminder');
  for (const message of values.messages) {
    await trx
      .insertInto('messages')
      .values({
        organisation_id: entity.organisation_id,
        entity_id: entity.id,
        batch_id: batch.id,
        run_id: runId,
        debtor_id: values.debtorId,
        step_id: stepId,
        channel,
        language: 'en',
        currency: entity.currency,
        total_minor: parseAmount(message.total, entity.currency),
        payment_reference: null,
        recipient: 'debtor@example.test',
        status: message.status ?? 'pending',
        explanation: JSON.stringify({}),
        smtp_message_id: null,
        sent_at: null,
        error: null,
      })
      .execute();
  }

  return batch.id;
}

export async function insertPromise(
  trx: Executor,
  entity: Entity,
  values: {
    debtorId: string;
    promisedDate: string;
    amount: string;
    currency?: string;
    status?: PromiseStatus;
    /** When the promise was made; default now. */
    createdAt?: string;
  },
): Promise<string> {
  const currency = values.currency ?? entity.currency;
  const promise = await trx
    .insertInto('promises')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      debtor_id: values.debtorId,
      call_task_id: null,
      promised_date: values.promisedDate,
      currency,
      amount_minor: parseAmount(values.amount, currency),
      status: values.status ?? 'open',
      note: null,
      created_by: actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (values.createdAt) {
    // Raw SQL, because the schema's Generated<Timestamp> column takes no plain value in Kysely.
    await sql`update promises set created_at = ${values.createdAt}::timestamptz where id = ${promise.id}`.execute(
      trx,
    );
  }

  return promise.id;
}

/** Inserts an issue in a category of a new business process, assigned to `department`. */
export async function insertIssue(
  trx: Executor,
  entity: Entity,
  values: { debtorId: string; deadline: string; department?: string; status?: IssueStatus },
): Promise<string> {
  const departmentId = values.department ? await findDepartment(trx, values.department) : null;
  const process = await trx
    .insertInto('business_processes')
    .values({ organisation_id: entity.organisation_id, name: `Process ${crypto.randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const category = await trx
    .insertInto('issue_categories')
    .values({
      organisation_id: entity.organisation_id,
      process_id: process.id,
      name: 'Wrong delivery',
      days_to_resolve: 14,
      department_id: departmentId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const issue = await trx
    .insertInto('issues')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      debtor_id: values.debtorId,
      category_id: category.id,
      department_id: departmentId,
      status: values.status ?? 'new',
      description: 'Goods arrived damaged',
      deadline: values.deadline,
      opened_by: actor,
      ...(values.status === 'resolved'
        ? { closed_on: values.deadline, outcome: 'favour_creditor' as const }
        : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return issue.id;
}
