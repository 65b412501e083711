import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { generateDemoDebtor } from './generate-demo-debtor.ts';
import {
  generateDemoCreditNote,
  generateDemoInvoice,
  type UnnumberedInvoice,
} from './generate-demo-invoices.ts';
import type { DemoDebtor, DemoHold, DemoInvoice, DemoReceivables } from './demo-types.ts';
import type { DemoEntitySpec } from './demo-entities.ts';
import type { SeededRandom } from './seeded-random.ts';

/** The parts of an entity spec that shape its receivables, with the sizes to generate. */
export type ReceivablesSettings = Pick<
  DemoEntitySpec,
  | 'vatPercent'
  | 'invoicePrefix'
  | 'creditNotePrefix'
  | 'firstDebtorNumber'
  | 'origins'
  | 'businessShare'
  | 'accountManagers'
  | 'debtorCount'
  | 'invoiceCount'
> & { currency: string; referenceDate: PlainDate };

/** Share of the rows that are credit notes. */
const CREDIT_NOTE_SHARE = 0.015;
/** Share of the open overdue invoices put on hold. */
const HOLD_SHARE = 0.05;

const holdReasons = [
  'Debtor disputes the quantity delivered',
  'Awaiting a copy of the signed delivery note',
  'Price difference under review by Sales',
  'Debtor says the invoice was not received; a copy was sent',
  'Goods returned; credit note pending',
];

/**
 * Invents the debtors, invoices, credit notes, payments and holds of one
 * entity: `invoiceCount` rows in all (credit notes included) over
 * `debtorCount` debtors, every debtor with at least one invoice and
 * companies with more than consumers.
 */
export function generateDemoReceivables(
  random: SeededRandom,
  settings: ReceivablesSettings,
): DemoReceivables {
  const debtors = generateDebtors(random, settings);
  const creditNoteCount = Math.round(settings.invoiceCount * CREDIT_NOTE_SHARE);
  const perDebtor = spreadInvoices(random, debtors, settings.invoiceCount - creditNoteCount);

  const rows: UnnumberedInvoice[] = [];
  debtors.forEach((debtor, index) => {
    for (let count = 0; count < (perDebtor[index] ?? 0); count += 1) {
      rows.push(generateDemoInvoice(random, debtor, settings));
    }
  });
  const credited = rows.slice();
  for (let count = 0; count < creditNoteCount; count += 1) {
    rows.push(generateDemoCreditNote(random, random.pick(credited), settings.referenceDate));
  }

  const invoices = numberInvoices(rows, settings);
  const holds = chooseHolds(random, invoices, settings.referenceDate);

  return { debtors, invoices, holds };
}

function generateDebtors(random: SeededRandom, settings: ReceivablesSettings): DemoDebtor[] {
  const debtors: DemoDebtor[] = [];
  for (let index = 0; index < settings.debtorCount; index += 1) {
    debtors.push(
      generateDemoDebtor(random, {
        origin: random.weighted(settings.origins),
        number: String(settings.firstDebtorNumber + index),
        kind: random.chance(settings.businessShare) ? 'b2b' : 'b2c',
        accountManagers: settings.accountManagers,
      }),
    );
  }

  return debtors;
}

/** Invoices per debtor: one each, the rest drawn by weight (a company buys about six times as often). */
function spreadInvoices(random: SeededRandom, debtors: DemoDebtor[], total: number): number[] {
  if (total < debtors.length) {
    throw new RangeError(`Cannot give ${debtors.length} debtors an invoice each from ${total}`);
  }
  const counts = debtors.map(() => 1);
  const cumulative: number[] = [];
  let sum = 0;
  for (const debtor of debtors) {
    sum += debtor.kind === 'b2b' ? random.logNormal(6, 0.8) : 1;
    cumulative.push(sum);
  }

  for (let extra = total - debtors.length; extra > 0; extra -= 1) {
    const target = random.next() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) <= target) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    counts[low] = (counts[low] ?? 0) + 1;
  }

  return counts;
}

/** Numbers invoices and credit notes in order of date, per kind and year: F2025-00001. */
function numberInvoices(rows: UnnumberedInvoice[], settings: ReceivablesSettings): DemoInvoice[] {
  const ordered = rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) =>
      a.row.invoiceDate === b.row.invoiceDate
        ? a.index - b.index
        : a.row.invoiceDate < b.row.invoiceDate
          ? -1
          : 1,
    );
  const sequences = new Map<string, number>();

  return ordered.map(({ row }) => {
    const prefix = row.kind === 'invoice' ? settings.invoicePrefix : settings.creditNotePrefix;
    const series = `${prefix}${row.invoiceDate.slice(0, 4)}`;
    const sequence = (sequences.get(series) ?? 0) + 1;
    sequences.set(series, sequence);

    return { ...row, number: `${series}-${String(sequence).padStart(5, '0')}` };
  });
}

/** Puts a few open overdue invoices on hold, about half of them until a date, the rest until lifted. */
function chooseHolds(
  random: SeededRandom,
  invoices: DemoInvoice[],
  referenceDate: PlainDate,
): DemoHold[] {
  const candidates = invoices.filter(
    (invoice) =>
      invoice.kind === 'invoice' && invoice.paidDate === null && invoice.dueDate < referenceDate,
  );
  const count =
    candidates.length === 0 ? 0 : Math.max(1, Math.round(candidates.length * HOLD_SHARE));

  // A partial Fisher-Yates shuffle picks `count` distinct invoices.
  const holds: DemoHold[] = [];
  for (let index = 0; index < count; index += 1) {
    const swap = random.integer(index, candidates.length - 1);
    const chosen = candidates[swap];
    candidates[swap] = candidates[index] as DemoInvoice;
    if (chosen) {
      holds.push({
        invoiceNumber: chosen.number,
        reason: random.pick(holdReasons),
        until: random.chance(0.5) ? addDays(referenceDate, random.integer(7, 45)) : null,
      });
    }
  }

  return holds.sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : 1));
}
