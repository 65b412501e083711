import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildPaymentQrPng, paymentQrProblem } from './build-payment-qr.ts';
import { loadMessageContext, type MessageContext } from './load-message-context.ts';
import { decodeQrPng } from './testing/decode-qr.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
  buildMessage,
  buildOrganisation,
  type MessageOverrides,
} from './testing/message-factories.ts';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test.drop();
});

async function contextOf(
  invoice: { amount_minor?: number; currency?: string },
  overrides: MessageOverrides = {},
): Promise<MessageContext> {
  const organisationId = await buildOrganisation(test.database);
  const entity = await buildEntity(test.database, organisationId);
  const debtor = await buildDebtor(test.database, entity);
  const stored = await buildInvoice(test.database, debtor, { number: 'INV-7', ...invoice });
  const messageId = await buildMessage(test.database, {
    entity,
    debtor,
    invoices: [stored],
    ...overrides,
  });

  return withOrganisation(test.database, organisationId, (trx) =>
    loadMessageContext(trx, { messageId }),
  );
}

describe('buildPaymentQrPng', () => {
  it('asks the amount due with charges', async () => {
    const context = await contextOf({ amount_minor: 100_000 });
    const invoiceId = context.invoices[0]?.id ?? '';
    const withCharges: MessageContext = {
      ...context,
      charges: new Map([[invoiceId, { costsMinor: 15_000, interestMinor: 822, feesMinor: 5_000 }]]),
    };

    const fields = decodeQrPng((await buildPaymentQrPng(withCharges)) ?? Buffer.alloc(0)).split(
      '\n',
    );

    expect(fields[7]).toBe('EUR1208.22');
  });

  it('carries an RF reference as structured', async () => {
    const context = await contextOf({ amount_minor: 123_456 });

    const fields = decodeQrPng((await buildPaymentQrPng(context)) ?? Buffer.alloc(0)).split('\n');

    expect(fields.slice(0, 4)).toEqual(['BCD', '002', '1', 'SCT']);
    expect(fields[4]).toBe('ABNANL2A');
    expect(fields[5]).toBe('Acme Holland B.V.');
    expect(fields[6]).toBe('NL91ABNA0417164300');
    expect(fields[7]).toBe('EUR1234.56');
    expect(fields[8]).toBe('');
    expect(fields[9]).toBe('RF18539007547034');
    expect(fields).toHaveLength(10);
  });

  it('carries a Dutch reference as structured', async () => {
    const context = await contextOf(
      { amount_minor: 5_000 },
      { paymentReference: '5000 0567 8901 2345' },
    );

    const fields = decodeQrPng((await buildPaymentQrPng(context)) ?? Buffer.alloc(0)).split('\n');

    expect(fields[7]).toBe('EUR50');
    expect(fields[9]).toBe('5000056789012345');
    expect(fields).toHaveLength(10);
  });

  it('writes numbers as text without a reference', async () => {
    const context = await contextOf({ amount_minor: 5_000 }, { paymentReference: null });

    const fields = decodeQrPng((await buildPaymentQrPng(context)) ?? Buffer.alloc(0)).split('\n');

    expect(fields[9]).toBe('');
    expect(fields[10]).toBe(`${context.debtor.number} INV-7`);
    expect(fields).toHaveLength(11);
  });

  it.each([
    ['above the EPC maximum', { amount_minor: 100_000_000_000 }, /above EUR 999,999,999.99/],
    ['in US dollars', { amount_minor: 5_000, currency: 'USD' }, /euro amounts only/],
    ['not positive', { amount_minor: -5_000 }, /not positive/],
  ])('gives no QR code for a total %s', async (_case, invoice, reason) => {
    const context = await contextOf(invoice);

    expect(await buildPaymentQrPng(context)).toBeUndefined();
    expect(paymentQrProblem(context)).toMatch(reason);
  });

  it('has no problem within the range', async () => {
    const context = await contextOf({ amount_minor: 1 });

    expect(paymentQrProblem(context)).toBeNull();
  });
});
