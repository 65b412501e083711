import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type {
  CallTaskTable,
  DunningStateTable,
  MessageChannel,
  MessageTable,
} from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { PlannedAction } from './dunning-types.ts';
import { assignMessagePaymentReferences } from './message-payment-reference.ts';
import type { DunningPlan } from './plan-dunning-run.ts';

/** Rows per INSERT statement: 1,000 messages of 15 columns stay far below PostgreSQL's 65,535 parameters. */
const CHUNK_SIZE = 1000;

export interface WriteDunningRunParams {
  organisationId: string;
  entityId: string;
  /** Goes into the payment reference of each message. */
  entityCode: string;
  asOf: PlainDate;
  actor: string;
  plan: DunningPlan;
}

/**
 * Writes a planned run: the run row with its summary and skipped steps,
 * the message batches (a pending batch per channel and run date, created or
 * reopened), the messages, the call tasks and one dunning state per invoice
 * and step. Returns the run id. Ids are made here, so every row is written
 * with multi-row inserts and no row has to be read back.
 */
export async function writeDunningRun(
  executor: Executor,
  params: WriteDunningRunParams,
): Promise<string> {
  const runId = randomUUID();
  await executor
    .insertInto('dunning_runs')
    .values({
      id: runId,
      organisation_id: params.organisationId,
      entity_id: params.entityId,
      run_date: params.asOf,
      summary: JSON.stringify(params.plan.summary),
      skipped: JSON.stringify(params.plan.skipped),
      created_by: params.actor,
    })
    .execute();

  const messages: Insertable<MessageTable>[] = [];
  const callTasks: Insertable<CallTaskTable>[] = [];
  const states: Insertable<DunningStateTable>[] = [];
  const batchIds = await openBatches(executor, params);
  for (const action of params.plan.actions) {
    const id = randomUUID();
    const isCall = action.channel === 'call';
    if (action.channel === 'call') {
      callTasks.push(callTaskRow(params, runId, id, action));
    } else {
      const batchId = batchIds.get(action.channel) ?? '';
      messages.push(messageRow(params, { runId, batchId, id, channel: action.channel }, action));
    }
    for (const invoiceId of action.invoiceIds) {
      states.push({
        organisation_id: params.organisationId,
        invoice_id: invoiceId,
        step_id: action.step.id,
        reached_on: params.asOf,
        run_id: runId,
        message_id: isCall ? null : id,
        call_task_id: isCall ? id : null,
      });
    }
  }

  await assignMessagePaymentReferences(executor, params, messages);
  for (const chunk of chunks(messages)) {
    await executor.insertInto('messages').values(chunk).execute();
  }
  for (const chunk of chunks(callTasks)) {
    await executor.insertInto('call_tasks').values(chunk).execute();
  }
  // No ON CONFLICT: the (invoice, step) key must fail the run rather than let a step repeat.
  for (const chunk of chunks(states)) {
    await executor.insertInto('dunning_states').values(chunk).execute();
  }

  return runId;
}

/**
 * Creates the batch of each channel used for (entity, run date), or reuses
 * it. A reused batch that was approved or sent goes back to pending, because
 * its new messages still need approval.
 */
async function openBatches(
  executor: Executor,
  params: WriteDunningRunParams,
): Promise<Map<MessageChannel, string>> {
  const channels = new Set<MessageChannel>();
  for (const action of params.plan.actions) {
    if (action.channel !== 'call') {
      channels.add(action.channel);
    }
  }
  if (channels.size === 0) {
    return new Map();
  }

  const rows = await executor
    .insertInto('message_batches')
    .values(
      [...channels].map((channel) => ({
        organisation_id: params.organisationId,
        entity_id: params.entityId,
        run_date: params.asOf,
        channel,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['entity_id', 'run_date', 'channel']).doUpdateSet({ status: 'pending' }),
    )
    .returning(['id', 'channel'])
    .execute();

  return new Map(rows.map((row) => [row.channel, row.id]));
}

function messageRow(
  params: WriteDunningRunParams,
  keys: { runId: string; batchId: string; id: string; channel: MessageChannel },
  action: PlannedAction,
): Insertable<MessageTable> {
  return {
    id: keys.id,
    organisation_id: params.organisationId,
    entity_id: params.entityId,
    batch_id: keys.batchId,
    run_id: keys.runId,
    debtor_id: action.debtorId,
    step_id: action.step.id,
    channel: keys.channel,
    language: action.language,
    currency: action.currency,
    total_minor: action.totalMinor,
    // Set by assignMessagePaymentReferences in the entity's reference scheme.
    payment_reference: null,
    recipient: action.recipient,
    explanation: JSON.stringify(action.explanation),
    smtp_message_id: null,
    sent_at: null,
    error: null,
  };
}

function callTaskRow(
  params: WriteDunningRunParams,
  runId: string,
  id: string,
  action: PlannedAction,
): Insertable<CallTaskTable> {
  return {
    id,
    organisation_id: params.organisationId,
    entity_id: params.entityId,
    run_id: runId,
    debtor_id: action.debtorId,
    step_id: action.step.id,
    due_date: params.asOf,
    currency: action.currency,
    total_minor: action.totalMinor,
    outcome: null,
    note: null,
    explanation: JSON.stringify(action.explanation),
  };
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    yield rows.slice(start, start + CHUNK_SIZE);
  }
}
