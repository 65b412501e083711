import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import type { BookingKind } from '../../db/schema.ts';

/**
 * Inserts a payment as a bank statement would book it, with nothing
 * allocated. Run it inside withOrganisation.
 */
export async function insertBankPayment(
  trx: Executor,
  entity: { id: string; organisation_id: string },
  overrides: {
    amountMinor: number;
    paymentDate: string;
    remittanceText?: string;
    counterpartyName?: string;
    counterpartyIban?: string;
    debtorId?: string;
    bookingKind?: BookingKind;
    currency?: string;
  },
) {
  return trx
    .insertInto('payments')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      debtor_id: overrides.debtorId ?? null,
      payment_date: overrides.paymentDate,
      currency: overrides.currency ?? 'EUR',
      amount_minor: overrides.amountMinor,
      source: 'bank',
      reference: null,
      external_key: randomUUID(),
      remittance_text: overrides.remittanceText ?? null,
      counterparty_name: overrides.counterpartyName ?? null,
      counterparty_iban: overrides.counterpartyIban ?? null,
      booking_kind: overrides.bookingKind ?? 'receipt',
      warnings: JSON.stringify([]),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
