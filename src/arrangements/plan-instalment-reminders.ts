import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { MessageChannel, MessageTable } from '../db/schema.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import type { DebtorForRun } from '../dunning/load-dunning-input.ts';
import { messagePaymentReference } from '../dunning/message-payment-reference.ts';
import { resolveDelivery } from '../dunning/resolve-delivery.ts';
import { formatDecimal } from '../money/money.ts';
import type { InstalmentReminderExplanation } from './instalment-reminder-template.ts';

/** An open instalment of an active arrangement whose reminder is due and not yet made. */
export interface DueInstalment {
  id: string;
  arrangementId: string;
  debtorId: string;
  sequence: number;
  count: number;
  dueDate: PlainDate;
  amountMinor: number;
  currency: string;
}

/** A reminder the run makes for one instalment. */
export interface PlannedInstalmentReminder {
  instalment: DueInstalment;
  channel: 'email' | 'letter';
  recipient: string | null;
  language: string;
  explanation: InstalmentReminderExplanation;
}

/**
 * Loads the open instalments of the entity's active arrangements whose
 * reminder is due on `asOf` and not yet made: from reminder_days_before
 * days before the due date up to and including the due date. A run missed
 * on the reminder day still reminds the instalment before it falls due.
 */
export async function loadDueInstalments(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<DueInstalment[]> {
  const rows = await executor
    .selectFrom('instalments as i')
    .innerJoin('arrangements as a', 'a.id', 'i.arrangement_id')
    .select([
      'i.id',
      'i.arrangement_id',
      'a.debtor_id',
      'i.sequence',
      'a.instalment_count',
      'i.due_date',
      'i.amount_minor',
      'a.currency',
      'a.reminder_days_before',
    ])
    .where('i.entity_id', '=', params.entityId)
    .where('a.status', '=', 'active')
    .where('i.status', '=', 'open')
    .where('i.reminder_message_id', 'is', null)
    .where('i.due_date', '>=', params.asOf)
    .orderBy('i.due_date')
    .orderBy('i.id')
    .execute();

  return rows
    .filter((row) => addDays(row.due_date, -row.reminder_days_before) <= params.asOf)
    .map((row) => ({
      id: row.id,
      arrangementId: row.arrangement_id,
      debtorId: row.debtor_id,
      sequence: row.sequence,
      count: row.instalment_count,
      dueDate: row.due_date,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
    }));
}

/**
 * Decides each due instalment's reminder: an e-mail to the debtor's
 * reminder address, or a letter when the debtor has none (the same
 * fallback as an e-mail step). Instalments of debtors missing from
 * `debtors` get no reminder.
 */
export function planInstalmentReminders(params: {
  asOf: PlainDate;
  instalments: readonly DueInstalment[];
  debtors: ReadonlyMap<string, DebtorForRun>;
}): PlannedInstalmentReminder[] {
  const planned: PlannedInstalmentReminder[] = [];
  for (const instalment of params.instalments) {
    const debtor = params.debtors.get(instalment.debtorId);
    if (!debtor) {
      continue;
    }
    const delivery = resolveDelivery('email', debtor);
    const channel = delivery.channel === 'email' ? 'email' : 'letter';
    const amount = `${formatDecimal(instalment.amountMinor, instalment.currency)} ${instalment.currency}`;
    planned.push({
      instalment,
      channel,
      recipient: delivery.recipient,
      language: debtor.language,
      explanation: {
        kind: 'instalment_reminder',
        reason: `Instalment ${instalment.sequence} of ${instalment.count} of a payment arrangement, ${amount}, falls due on ${instalment.dueDate}.${delivery.fallbackNote ? ` ${delivery.fallbackNote}` : ''}`,
        arrangementId: instalment.arrangementId,
        instalment: {
          sequence: instalment.sequence,
          count: instalment.count,
          dueDate: instalment.dueDate,
          amountMinor: instalment.amountMinor,
        },
        asOf: params.asOf,
        currency: instalment.currency,
        channel,
        invoices: [],
      },
    });
  }

  return planned;
}

/**
 * Makes the instalment reminders due on `asOf` in the run's pending e-mail
 * and letter batches (created or reopened as the run does), and records
 * each message on its instalment so that no instalment is reminded twice.
 * Makes nothing on a day that is no sending day of the entity. Returns the
 * number of reminders made.
 * NOTE: the run summary (byStep) and dry runs do not count instalment
 * reminders, because a run plans them only when it is written. The dunning
 * forecast plans them with loadDueInstalments and planInstalmentReminders.
 */
export async function writeInstalmentReminders(
  executor: Executor,
  params: {
    organisationId: string;
    entityId: string;
    entityCode: string;
    asOf: PlainDate;
    runId: string;
    debtors: ReadonlyMap<string, DebtorForRun>;
    sendingDay: boolean;
  },
): Promise<number> {
  if (!params.sendingDay) {
    return 0;
  }
  const instalments = await loadDueInstalments(executor, params);
  const reminders = planInstalmentReminders({ ...params, instalments });
  if (reminders.length === 0) {
    return 0;
  }

  const channels = [...new Set(reminders.map((reminder) => reminder.channel))];
  const batches = await executor
    .insertInto('message_batches')
    .values(
      channels.map((channel) => ({
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
  const batchIds = new Map<MessageChannel, string>(batches.map((row) => [row.channel, row.id]));

  const messages: Insertable<MessageTable>[] = reminders.map((reminder) => {
    const id = randomUUID();
    return {
      id,
      organisation_id: params.organisationId,
      entity_id: params.entityId,
      batch_id: batchIds.get(reminder.channel) ?? '',
      run_id: params.runId,
      debtor_id: reminder.instalment.debtorId,
      step_id: null,
      instalment_id: reminder.instalment.id,
      channel: reminder.channel,
      language: reminder.language,
      currency: reminder.instalment.currency,
      total_minor: reminder.instalment.amountMinor,
      payment_reference: messagePaymentReference(params.entityCode, id),
      recipient: reminder.recipient,
      explanation: JSON.stringify(reminder.explanation),
      smtp_message_id: null,
      sent_at: null,
      error: null,
    };
  });
  await executor.insertInto('messages').values(messages).execute();
  for (const message of messages) {
    await executor
      .updateTable('instalments')
      .set({ reminder_message_id: message.id ?? null })
      .where('id', '=', message.instalment_id ?? '')
      .execute();
  }

  return messages.length;
}
