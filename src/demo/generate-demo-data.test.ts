import { describe, expect, it } from 'vitest';
import { addDays, isPlainDate } from '../dates/plain-date.ts';
import { isValidIban } from '../payments/iban.ts';
import { demoEntities } from './demo-entities.ts';
import { generateDemoData } from './generate-demo-data.ts';
import { SeededRandom } from './seeded-random.ts';
import { writeGenericCsv } from './write-generic-csv.ts';

const referenceDate = '2026-06-30';
const data = generateDemoData({ seed: 7, referenceDate });
const debtors = data.flatMap((entity) => entity.receivables.debtors);
const invoices = data.flatMap((entity) => entity.receivables.invoices);

describe('SeededRandom', () => {
  it('same seed gives same sequence', () => {
    const first = new SeededRandom(99);
    const second = new SeededRandom(99);
    const draws = Array.from({ length: 50 }, () => [first.next(), second.next()]);
    expect(draws.every(([a, b]) => a === b)).toBe(true);
  });

  it('different seeds differ', () => {
    expect(new SeededRandom(1).next()).not.toBe(new SeededRandom(2).next());
  });

  it('integer stays within bounds', () => {
    const random = new SeededRandom(5);
    const values = Array.from({ length: 2000 }, () => random.integer(3, 6));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(6);
  });
});

describe('generateDemoData', () => {
  it('same seed gives equal data and files', () => {
    const again = generateDemoData({ seed: 7, referenceDate });
    expect(again).toEqual(data);
    expect(again.map((entity) => writeGenericCsv(entity.receivables))).toEqual(
      data.map((entity) => writeGenericCsv(entity.receivables)),
    );
  });

  it('other seed gives other data', () => {
    const other = generateDemoData({ seed: 8, referenceDate });
    expect(other[0]?.receivables.debtors[0]).not.toEqual(data[0]?.receivables.debtors[0]);
  });

  it('entities have their configured sizes', () => {
    expect(data.map((entity) => entity.spec.input.code)).toEqual(['NL01', 'UK01', 'DE01']);
    for (const { spec, receivables } of data) {
      expect(receivables.debtors).toHaveLength(spec.debtorCount);
      expect(receivables.invoices).toHaveLength(spec.invoiceCount);
    }
  });

  it('entities have valid IBANs and currencies', () => {
    expect(demoEntities.every((spec) => isValidIban(spec.input.iban ?? ''))).toBe(true);
    expect(demoEntities.map((spec) => spec.input.currency)).toEqual(['EUR', 'GBP', 'EUR']);
  });

  it('debtors speak nl, en and de', () => {
    expect(new Set(debtors.map((debtor) => debtor.language))).toEqual(new Set(['nl', 'en', 'de']));
  });

  it('debtors are companies and consumers', () => {
    const kinds = debtors.map((debtor) => debtor.kind);
    expect(kinds.filter((kind) => kind === 'b2b').length).toBeGreaterThan(50);
    expect(kinds.filter((kind) => kind === 'b2c').length).toBeGreaterThan(20);
    expect(debtors.filter((debtor) => debtor.kind === 'b2c').every((d) => !d.vatNumber)).toBe(true);
  });

  it('e-mail addresses use example domains only', () => {
    const domains = new Set(debtors.flatMap((debtor) => debtor.email?.split('@')[1] ?? []));
    expect(domains).toEqual(new Set(['example.nl', 'example.com', 'example.de']));
    expect(debtors.some((debtor) => debtor.email === null)).toBe(true);
  });

  it('debtor numbers unique per entity', () => {
    for (const { receivables } of data) {
      const numbers = receivables.debtors.map((debtor) => debtor.number);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });

  it('invoice numbers unique per entity', () => {
    for (const { receivables } of data) {
      const numbers = receivables.invoices.map((invoice) => invoice.number);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });

  it('invoice dates fall in the year before the reference date', () => {
    const earliest = addDays(referenceDate, -366);
    expect(invoices.every((i) => i.invoiceDate <= referenceDate)).toBe(true);
    expect(invoices.every((i) => i.invoiceDate >= earliest)).toBe(true);
    expect(invoices.every((i) => isPlainDate(i.dueDate) && i.dueDate >= i.invoiceDate)).toBe(true);
  });

  it('payment terms are 14, 30 or 60 days', () => {
    const terms = new Set(invoices.filter((i) => i.kind === 'invoice').map((i) => i.paymentTerms));
    expect(terms).toEqual(new Set([14, 30, 60]));
  });

  it('payments cover paid, late, partial and open', () => {
    const paid = invoices.filter((invoice) => invoice.paidDate !== null);
    const late = paid.filter((invoice) => (invoice.paidDate ?? '') > invoice.dueDate);
    const partial = invoices.filter((invoice) => invoice.openAmountMinor !== null);
    const open = invoices.filter((i) => i.kind === 'invoice' && i.paidDate === null);
    expect(paid.length / invoices.length).toBeGreaterThan(0.6);
    expect(late.length).toBeGreaterThan(50);
    expect(partial.length).toBeGreaterThan(0);
    expect(open.length).toBeGreaterThan(50);
    expect(paid.every((invoice) => (invoice.paidDate ?? '') <= referenceDate)).toBe(true);
  });

  it('partial open amounts lie below the amount', () => {
    const partial = invoices.filter((invoice) => invoice.openAmountMinor !== null);
    expect(
      partial.every(
        (i) => (i.openAmountMinor ?? 0) > 0 && (i.openAmountMinor ?? 0) < i.amountMinor,
      ),
    ).toBe(true);
  });

  it('credit notes are negative and few', () => {
    const credits = invoices.filter((invoice) => invoice.kind === 'credit_note');
    expect(credits.length).toBeGreaterThan(0);
    expect(credits.length).toBeLessThan(invoices.length * 0.05);
    expect(credits.every((invoice) => invoice.amountMinor < 0)).toBe(true);
    expect(invoices.filter((i) => i.kind === 'invoice').every((i) => i.amountMinor > 0)).toBe(true);
  });

  it('holds name open overdue invoices', () => {
    for (const { receivables } of data) {
      const byNumber = new Map(receivables.invoices.map((invoice) => [invoice.number, invoice]));
      expect(receivables.holds.length).toBeGreaterThan(0);
      for (const hold of receivables.holds) {
        const invoice = byNumber.get(hold.invoiceNumber);
        expect(invoice?.paidDate).toBeNull();
        expect((invoice?.dueDate ?? '') < referenceDate).toBe(true);
        expect(hold.reason).not.toBe('');
      }
    }
  });
});

describe('writeGenericCsv', () => {
  it('quotes fields with commas', () => {
    const receivables = structuredClone(data[0]?.receivables);
    if (!receivables?.debtors[0]) {
      throw new Error('demo data has no debtor');
    }
    receivables.debtors[0].name = 'Smit, "Jansen" & Co';
    const csv = writeGenericCsv(receivables);
    expect(csv).toContain('"Smit, ""Jansen"" & Co"');
  });

  it('writes one line per invoice plus header', () => {
    const receivables = data[1]?.receivables;
    const csv = writeGenericCsv(receivables ?? { debtors: [], invoices: [], holds: [] });
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(451);
    expect(csv.startsWith('debtor_number,debtor_name,')).toBe(true);
  });
});
