import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { Message, MessageChannel } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { previewPaymentReference } from '../dunning/message-payment-reference.ts';
import { AppError } from '../errors.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import type { MessageContext, MessageInvoice } from './load-message-context.ts';

/**
 * Builds the context of a message that no dunning run has written, for the
 * template preview. It contains the debtor's open invoices on `asOf` in one
 * currency: the entity's when the debtor has open items in it, else the
 * currency of the earliest due one. The payment reference is an example,
 * because a real message derives its reference from its own id.
 */
export async function buildPreviewContext(
  executor: Executor,
  params: {
    entityId: string;
    debtorId: string;
    templateKey: string;
    channel: MessageChannel;
    language: string;
    asOf: PlainDate;
  },
): Promise<MessageContext> {
  const entity = await executor
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  const debtor = await executor
    .selectFrom('debtors')
    .selectAll()
    .where('id', '=', params.debtorId)
    .where('entity_id', '=', params.entityId)
    .executeTakeFirst();
  if (!entity || !debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist in this entity.`);
  }
  const contacts = await executor
    .selectFrom('contacts')
    .selectAll()
    .where('debtor_id', '=', debtor.id)
    .orderBy('created_at')
    .execute();
  const contact =
    contacts.find((candidate) => candidate.role === 'reminders') ??
    contacts.find((candidate) => candidate.role === 'general');

  const open = await selectOpenInvoices(executor, {
    entityId: entity.id,
    asOf: params.asOf,
    debtorId: debtor.id,
  })
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();
  const withBalance = open.filter((row) => Number(row.open_minor) !== 0);
  const currency = withBalance.some((row) => row.currency === entity.currency)
    ? entity.currency
    : (withBalance[0]?.currency ?? entity.currency);
  const invoices: MessageInvoice[] = withBalance
    .filter((row) => row.currency === currency)
    .map((row) => ({
      id: row.id,
      number: row.number,
      kind: row.kind,
      invoiceDate: row.invoice_date,
      dueDate: row.due_date,
      currency: row.currency,
      amountMinor: Number(row.amount_minor),
      openMinor: Number(row.open_minor),
    }));
  const totalMinor = invoices.reduce((sum, invoice) => sum + invoice.openMinor, 0);

  const messageId = randomUUID();
  const message: Message = {
    id: messageId,
    organisation_id: entity.organisation_id,
    entity_id: entity.id,
    batch_id: messageId,
    run_id: messageId,
    debtor_id: debtor.id,
    step_id: messageId,
    instalment_id: null,
    channel: params.channel,
    language: params.language,
    currency,
    total_minor: totalMinor,
    payment_reference: previewPaymentReference(entity, messageId),
    recipient: params.channel === 'email' ? (contact?.email ?? debtor.email) : null,
    status: 'pending',
    explanation: { invoices: invoices.map((invoice) => ({ id: invoice.id })) },
    smtp_message_id: null,
    provider_message_id: null,
    segments: null,
    delivery_status: null,
    delivered_at: null,
    bounced_at: null,
    bounce_reason: null,
    sent_at: null,
    error: null,
    created_at: new Date(),
  };

  return {
    message,
    templateKey: params.templateKey,
    asOf: params.asOf,
    entity,
    debtor,
    contact,
    invoices,
  };
}
