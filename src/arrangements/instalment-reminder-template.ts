import { z } from 'zod';
import { formatMessageAmount, formatMessageDate } from '../messaging/format-message-values.ts';

/** The template folder of instalment reminders, templates/<language>/instalment-reminder/. */
export const INSTALMENT_REMINDER_TEMPLATE = 'instalment-reminder';

/** Explanation that an instalment reminder stores in messages.explanation. */
export interface InstalmentReminderExplanation {
  kind: 'instalment_reminder';
  reason: string;
  arrangementId: string;
  instalment: { sequence: number; count: number; dueDate: string; amountMinor: number };
  asOf: string;
  currency: string;
  channel: string;
  /** Empty, because the message requests the instalment, not the invoices' open amounts. */
  invoices: [];
}

const explanationSchema = z.object({
  kind: z.literal('instalment_reminder'),
  instalment: z.object({
    sequence: z.number(),
    count: z.number(),
    dueDate: z.string(),
    amountMinor: z.number(),
  }),
});

/** The `instalment` merge field of an instalment reminder, formatted in the message language. */
export interface InstalmentMergeField {
  number: number;
  count: number;
  amount: string;
  due_date: string;
}

/**
 * Builds the `instalment` merge field from a message's explanation, or
 * returns null for a message that is no instalment reminder.
 */
export function buildInstalmentMergeField(
  message: { explanation: unknown; currency: string },
  language: string,
): InstalmentMergeField | null {
  const parsed = explanationSchema.safeParse(message.explanation);
  if (!parsed.success) {
    return null;
  }
  const { instalment } = parsed.data;

  return {
    number: instalment.sequence,
    count: instalment.count,
    amount: formatMessageAmount(instalment.amountMinor, message.currency, language),
    due_date: formatMessageDate(instalment.dueDate, language, 'long'),
  };
}
