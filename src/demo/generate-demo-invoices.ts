import { addDays, isoWeekday, type PlainDate } from '../dates/plain-date.ts';
import type { DemoDebtor, DemoInvoice, PaymentBehaviour } from './demo-types.ts';
import type { SeededRandom } from './seeded-random.ts';

/** Settings of the issuing entity that the invoice generator uses. */
export interface InvoiceSettings {
  currency: string;
  vatPercent: number;
  /** The day the data describes: no invoice or payment is dated later. */
  referenceDate: PlainDate;
}

/** An invoice before it gets its number, which follows the order of invoice dates. */
export type UnnumberedInvoice = Omit<DemoInvoice, 'number'>;

const termsWeights = {
  b2b: [
    [30, 60],
    [14, 15],
    [60, 25],
  ],
  b2c: [
    [14, 85],
    [30, 15],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [number, number]>>;

/** Chance that a debtor of each behaviour never pays a given invoice. */
const neverPaysChance: Record<PaymentBehaviour, number> = {
  punctual: 0.02,
  late: 0.05,
  slow: 0.15,
  defaulter: 0.5,
};

/** Days between due date and payment, by how the debtor pays. */
function paymentDelay(random: SeededRandom, behaviour: PaymentBehaviour): number {
  switch (behaviour) {
    case 'punctual':
      return random.integer(-10, 3);
    case 'late':
      return random.integer(3, 35);
    case 'slow':
      return random.integer(20, 80);
    case 'defaulter':
      return random.integer(45, 150);
  }
}

/** Picks an invoice date in the 365 days up to the reference date, moved off weekends to Friday. */
function invoiceDate(random: SeededRandom, referenceDate: PlainDate): PlainDate {
  const date = addDays(referenceDate, -random.integer(0, 364));
  const weekday = isoWeekday(date);

  return weekday >= 6 ? addDays(date, 5 - weekday) : date;
}

/**
 * Gross amount in minor units: a log-normal net amount (companies buy more
 * than consumers), some of it in whole units, plus VAT rounded half-up.
 */
function grossAmountMinor(random: SeededRandom, kind: 'b2b' | 'b2c', vatPercent: number): number {
  const net =
    kind === 'b2b'
      ? Math.min(Math.max(random.logNormal(650, 1.0), 25), 60_000)
      : Math.min(Math.max(random.logNormal(85, 0.8), 5), 3_000);
  const netMinor = random.chance(0.3) ? Math.round(net) * 100 : Math.round(net * 100);

  return netMinor + Math.floor((netMinor * vatPercent + 50) / 100);
}

/** Invents one invoice of `debtor` and whether and when it was paid by the reference date. */
export function generateDemoInvoice(
  random: SeededRandom,
  debtor: DemoDebtor,
  settings: InvoiceSettings,
): UnnumberedInvoice {
  const issued = invoiceDate(random, settings.referenceDate);
  const paymentTerms = random.weighted(termsWeights[debtor.kind]);
  const dueDate = addDays(issued, paymentTerms);
  const amountMinor = grossAmountMinor(random, debtor.kind, settings.vatPercent);
  const poNumber = debtor.kind === 'b2b' && random.chance(0.5) ? `PO-${random.digits(6)}` : null;

  let paidDate: PlainDate | null = null;
  if (!random.chance(neverPaysChance[debtor.behaviour])) {
    const paid = addDays(dueDate, paymentDelay(random, debtor.behaviour));
    paidDate = paid < issued ? issued : paid;
  }
  if (paidDate !== null && paidDate > settings.referenceDate) {
    paidDate = null;
  }

  let openAmountMinor: number | null = null;
  const overdue = dueDate < settings.referenceDate;
  if (paidDate === null && overdue && debtor.behaviour !== 'punctual' && random.chance(0.1)) {
    const open = Math.floor((amountMinor * random.integer(30, 70)) / 100);
    const wholeUnits = open - (open % 100);
    openAmountMinor = wholeUnits > 0 ? wholeUnits : null;
  }

  return {
    debtorNumber: debtor.number,
    kind: 'invoice',
    invoiceDate: issued,
    dueDate,
    paymentTerms,
    currency: settings.currency,
    amountMinor,
    paidDate,
    openAmountMinor,
    poNumber,
  };
}

/** Invents a credit note on part or all of `invoice`, issued a few days after it and still open. */
export function generateDemoCreditNote(
  random: SeededRandom,
  invoice: UnnumberedInvoice,
  referenceDate: PlainDate,
): UnnumberedInvoice {
  const issued = addDays(invoice.invoiceDate, random.integer(2, 20));
  const date = issued > referenceDate ? referenceDate : issued;
  const percent = random.chance(0.3) ? 100 : random.integer(10, 50);
  const credited = Math.max(Math.floor((invoice.amountMinor * percent) / 100), 1);

  return {
    debtorNumber: invoice.debtorNumber,
    kind: 'credit_note',
    invoiceDate: date,
    dueDate: date,
    paymentTerms: 0,
    currency: invoice.currency,
    amountMinor: -credited,
    paidDate: null,
    openAmountMinor: null,
    poNumber: invoice.poNumber,
  };
}
