import {
  listInvalidPhoneNumbers,
  type InvalidPhoneNumber,
} from '../call-tasks/invalid-phone-numbers.ts';
import { AppError } from '../errors.ts';
import type { Executor } from '../db/database.ts';
import { dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';
import { readDebtorHold, type DebtorDunningHold } from './debtor-hold.ts';
import { listDebtorInvoices, type CardInvoice } from './list-debtor-invoices.ts';
import { listDebtorPayments, type CardPayment } from './list-debtor-payments.ts';
import { listDebtorTimeline, type TimelineEntry } from './list-debtor-timeline.ts';

export interface DebtorCard {
  /** The as-of date the open amounts were computed for. */
  asOf: PlainDate;
  debtor: {
    id: string;
    number: string;
    name: string;
    kind: 'b2b' | 'b2c';
    /** The debtor's language, else the entity's. */
    language: string;
    email: string | null;
    phone: string | null;
    addressLine: string | null;
    postalCode: string | null;
    city: string | null;
    country: string | null;
    entityCode: string;
    currency: string;
    /** Open amount of the invoices in the entity's currency, credits included, in minor units. */
    openMinor: number;
    /** Open amount of those invoices past their due date, in minor units. */
    overdueMinor: number;
    /** The hold set from batch review, or null. A hold whose end date has passed is included. */
    dunningHold: DebtorDunningHold | null;
    /** Phone numbers a call marked as wrong. */
    invalidPhoneNumbers: InvalidPhoneNumber[];
  };
  invoices: CardInvoice[];
  payments: CardPayment[];
  timeline: TimelineEntry[];
}

/**
 * Reads everything a debtor's card shows: contact data, the
 * invoices open on `asOf` (default: today in the entity's time zone), the
 * payments received by then and the timeline of messages and call tasks.
 * Throws not_found when the debtor does not exist in this organisation.
 */
export async function getDebtorCard(
  executor: Executor,
  params: { debtorId: string; asOf?: PlainDate | undefined },
): Promise<DebtorCard> {
  const debtor = await executor
    .selectFrom('debtors as d')
    .innerJoin('entities as e', 'e.id', 'd.entity_id')
    .selectAll('d')
    .select([
      'e.code as entity_code',
      'e.currency as entity_currency',
      'e.language as entity_language',
      'e.time_zone',
    ])
    .where('d.id', '=', params.debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }
  const asOf = params.asOf ?? dateInTimeZone(new Date(), debtor.time_zone);

  const invoices = await listDebtorInvoices(executor, {
    entityId: debtor.entity_id,
    debtorId: debtor.id,
    asOf,
  });
  const payments = await listDebtorPayments(executor, { debtorId: debtor.id, asOf });
  const timeline = await listDebtorTimeline(executor, { debtorId: debtor.id });
  const dunningHold = await readDebtorHold(executor, { debtorId: debtor.id });
  const invalidPhoneNumbers = await listInvalidPhoneNumbers(executor, { debtorId: debtor.id });

  const inEntityCurrency = invoices.filter(
    (invoice) => invoice.currency === debtor.entity_currency,
  );
  const openMinor = sum(inEntityCurrency.map((invoice) => invoice.openMinor));
  const overdueMinor = sum(
    inEntityCurrency
      .filter((invoice) => invoice.openMinor > 0 && invoice.daysPastDue > 0)
      .map((invoice) => invoice.openMinor),
  );

  return {
    asOf,
    debtor: {
      id: debtor.id,
      number: debtor.number,
      name: debtor.name,
      kind: debtor.kind,
      language: debtor.language ?? debtor.entity_language,
      email: debtor.email,
      phone: debtor.phone,
      addressLine: debtor.address_line,
      postalCode: debtor.postal_code,
      city: debtor.city,
      country: debtor.country,
      entityCode: debtor.entity_code,
      currency: debtor.entity_currency,
      openMinor,
      overdueMinor,
      dunningHold,
      invalidPhoneNumbers,
    },
    invoices,
    payments,
    timeline,
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
