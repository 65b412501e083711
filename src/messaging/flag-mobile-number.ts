import type { Executor } from '../db/database.ts';

/**
 * Twilio API error codes, returned when a message is created, that mean the
 * number itself cannot take SMS: 21211 (the To number is invalid) and 21614
 * (To is no mobile number). Other errors, such as a wrong sender or an
 * exhausted balance, say nothing about the number.
 */
export const UNUSABLE_NUMBER_ERROR_CODES = new Set([21211, 21614]);

/**
 * Marks the mobile number a message went to as unusable for its debtor, so
 * that the next dunning step goes out as a letter. Flagging a number twice
 * keeps the first flag. Returns whether this call added the flag.
 */
export async function flagMobileNumber(
  executor: Executor,
  params: { messageId: string; errorCode: string | null },
): Promise<boolean> {
  const message = await executor
    .selectFrom('messages')
    .select(['organisation_id', 'entity_id', 'debtor_id', 'recipient'])
    .where('id', '=', params.messageId)
    .executeTakeFirstOrThrow();
  if (!message.recipient) {
    return false;
  }
  const inserted = await executor
    .insertInto('invalid_mobile_numbers')
    .values({
      organisation_id: message.organisation_id,
      entity_id: message.entity_id,
      debtor_id: message.debtor_id,
      number: message.recipient,
      message_id: params.messageId,
      error_code: params.errorCode,
    })
    .onConflict((conflict) => conflict.columns(['debtor_id', 'number']).doNothing())
    .returning('number')
    .executeTakeFirst();

  return inserted !== undefined;
}
