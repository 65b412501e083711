import type { Executor } from '../db/database.ts';

/** Spaces, dots, hyphens and brackets: the characters people write a phone number with. */
const PHONE_PUNCTUATION = /[\s.\-()[\]]/g;

/** Returns `number` without spaces, dots, hyphens and brackets, for comparing numbers. */
export function normalizePhoneNumber(number: string): string {
  return number.replace(PHONE_PUNCTUATION, '');
}

/**
 * Finds `number` among the debtor's phone numbers: the debtor's phone and
 * the phone and mobile numbers of all its contacts, compared with
 * normalizePhoneNumber. Returns the number as stored on the customer card,
 * or null when the debtor has no such number.
 */
export async function findDebtorPhoneNumber(
  executor: Executor,
  params: { debtorId: string; number: string },
): Promise<string | null> {
  const expected = normalizePhoneNumber(params.number);
  if (expected.length === 0) {
    return null;
  }
  const debtor = await executor
    .selectFrom('debtors')
    .select('phone')
    .where('id', '=', params.debtorId)
    .executeTakeFirst();
  const contacts = await executor
    .selectFrom('contacts')
    .select(['phone', 'mobile'])
    .where('debtor_id', '=', params.debtorId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const stored = [debtor?.phone, ...contacts.flatMap((contact) => [contact.phone, contact.mobile])];

  return (
    stored.find(
      (candidate): candidate is string =>
        typeof candidate === 'string' && normalizePhoneNumber(candidate) === expected,
    ) ?? null
  );
}
