import { sql, type Selectable } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import type { ContactTable, Debtor, Entity, Message } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { loadMessageCharges, type OpenCharges } from '../charges/load-message-charges.ts';
import { INSTALMENT_REMINDER_TEMPLATE } from '../arrangements/instalment-reminder-template.ts';

export type Contact = Selectable<ContactTable>;

/** One invoice of a message, with its open amount on the run's as-of date. */
export interface MessageInvoice {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  /** Original amount in minor units, tax included; negative for credit notes. */
  amountMinor: number;
  /** Open amount in minor units on the as-of date. */
  openMinor: number;
}

/** Everything a message is rendered from, read in one transaction. */
export interface MessageContext {
  message: Message;
  templateKey: string;
  /** The as-of date of the dunning run that made the message. */
  asOf: PlainDate;
  entity: Entity;
  debtor: Debtor;
  /** The debtor's contact for reminders, else the general one; invoice contacts get no reminders. */
  contact: Contact | undefined;
  invoices: MessageInvoice[];
  /** Open collection costs, interest and fees per invoice id on the as-of date; absent in previews. */
  charges?: Map<string, OpenCharges>;
}

const explanationSchema = z.object({
  invoices: z.array(z.object({ id: z.string() })),
});

const contactRolePreference = ['reminders', 'general'] as const;

/**
 * Reads a message with its step, entity, debtor, contact and invoices. The
 * invoices are the ones its explanation lists, in that order, with open
 * amounts computed for the run's as-of date so that a later payment does
 * not change what the approved message states.
 */
export async function loadMessageContext(
  executor: Executor,
  params: { messageId: string },
): Promise<MessageContext> {
  const row = await executor
    .selectFrom('messages as m')
    .leftJoin('steps as s', 's.id', 'm.step_id')
    .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
    .selectAll('m')
    // A message without a step is an instalment reminder.
    .select([
      sql<string>`coalesce(s.template_key, ${INSTALMENT_REMINDER_TEMPLATE})`.as('template_key'),
      'r.run_date',
    ])
    .where('m.id', '=', params.messageId)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Message ${params.messageId} does not exist.`);
  }
  const { template_key: templateKey, run_date: asOf, ...message } = row;

  const entity = await executor
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', message.entity_id)
    .executeTakeFirstOrThrow();
  const debtor = await executor
    .selectFrom('debtors')
    .selectAll()
    .where('id', '=', message.debtor_id)
    .executeTakeFirstOrThrow();
  const contacts = await executor
    .selectFrom('contacts')
    .selectAll()
    .where('debtor_id', '=', debtor.id)
    .orderBy('created_at')
    .execute();
  const contact = contactRolePreference
    .map((role) => contacts.find((candidate) => candidate.role === role))
    .find((candidate) => candidate !== undefined);

  const invoices = await loadMessageInvoices(executor, { message, asOf });
  const charges = await loadMessageCharges(executor, {
    invoiceIds: invoices.map((invoice) => invoice.id),
    asOf,
  });

  return { message, templateKey, asOf, entity, debtor, contact, invoices, charges };
}

async function loadMessageInvoices(
  executor: Executor,
  params: { message: Message; asOf: PlainDate },
): Promise<MessageInvoice[]> {
  const explanation = explanationSchema.safeParse(params.message.explanation);
  if (!explanation.success) {
    throw new AppError(
      'internal',
      `Message ${params.message.id} has no invoice list in its explanation; run the dunning run again.`,
    );
  }
  const ids = explanation.data.invoices.map((invoice) => invoice.id);
  if (ids.length === 0) {
    return [];
  }

  const rows = await selectOpenInvoices(executor, {
    entityId: params.message.entity_id,
    asOf: params.asOf,
    debtorId: params.message.debtor_id,
  })
    .where('i.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));

  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) {
      // A payment dated on or before the as-of date, booked after the run, settled it.
      return [];
    }
    return [
      {
        id: row.id,
        number: row.number,
        kind: row.kind,
        invoiceDate: row.invoice_date,
        dueDate: row.due_date,
        currency: row.currency,
        amountMinor: row.amount_minor,
        openMinor: row.open_minor,
      },
    ];
  });
}
