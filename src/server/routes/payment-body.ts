import { z } from 'zod';
import { currencyCode, decimalAmount, messageDetail, plainDate } from '../schemas.ts';

const debtorReference = z.object({ id: z.uuid(), number: z.string(), name: z.string() });

/** A payment as the payment routes return it. */
export const paymentItem = z.object({
  id: z.uuid(),
  entityId: z.uuid(),
  entityCode: z.string(),
  paymentDate: plainDate,
  valueDate: plainDate.nullable(),
  currency: currencyCode,
  amount: decimalAmount.describe('Negative for money going back (a reversal or return)'),
  allocated: decimalAmount.describe('Allocated to invoices, their principal and charges'),
  remainder: decimalAmount.describe('Amount minus allocated'),
  source: z.enum(['import', 'bank', 'provider', 'manual']),
  bookingKind: z.enum(['receipt', 'reversal', 'return', 'other_debit']),
  matchMethod: z
    .enum(['reference', 'invoice_number', 'amount_iban', 'manual', 'provider', 'import'])
    .nullable()
    .describe('How the first allocation was found; null while nothing is allocated'),
  matchedAt: z.string().nullable().describe('ISO 8601 timestamp of the first allocation'),
  matchedBy: z.string().nullable(),
  counterparty: z.object({ name: z.string().nullable(), iban: z.string().nullable() }),
  remittanceText: z.string().nullable(),
  reference: z.string().nullable(),
  endToEndId: z.string().nullable(),
  returnReasonCode: z.string().nullable(),
  warnings: z.array(z.string()),
  warningDetails: z.array(messageDetail).describe('The warnings with their message keys'),
  statement: z.object({ id: z.uuid(), fileName: z.string() }).nullable(),
  debtor: debtorReference.nullable(),
  dismissed: z
    .object({ at: z.string(), by: z.string(), reason: z.string() })
    .nullable()
    .describe('Set when the payment was taken off the queue without allocation'),
});

export const invoiceSuggestion = z.object({
  invoiceId: z.uuid(),
  number: z.string(),
  dueDate: plainDate,
  currency: currencyCode,
  open: decimalAmount.describe('Everything open on the invoice: principal and charges'),
  debtor: debtorReference,
  reasons: z
    .array(z.enum(['reference', 'invoice_number', 'amount', 'iban', 'name']))
    .describe(
      'reference or invoice_number: quoted in the remittance text; amount: equal to the remainder; iban: the debtor paid from this account before; name: the debtor has the counterparty name',
    ),
  score: z.number().int().describe("Sum of the reasons' weights; higher is more likely"),
});

export const unmatchedPaymentItem = paymentItem.extend({
  suggestions: z.array(invoiceSuggestion).describe('At most 5 open invoices, best first'),
});

export const openInvoiceItem = z.object({
  invoiceId: z.uuid(),
  number: z.string(),
  dueDate: plainDate,
  currency: currencyCode,
  amount: decimalAmount,
  open: decimalAmount.describe('Everything open on the invoice: principal and charges'),
  debtor: debtorReference,
});

export const allocationRequest = z.object({
  allocations: z
    .array(
      z.object({
        invoiceId: z.uuid(),
        amount: z
          .string()
          .regex(/^\d+(\.\d+)?$/, 'write a positive amount with a decimal point, such as "125.50"')
          .describe('Decimal amount with a point, such as "125.50"'),
      }),
    )
    .min(1)
    .max(100),
});

export const allocationResponse = z.object({
  paymentId: z.uuid(),
  currency: currencyCode,
  allocated: decimalAmount.describe('Allocated by this request'),
  remainder: decimalAmount.describe('Left unallocated afterwards'),
  invoices: z.array(
    z.object({
      invoiceId: z.uuid(),
      number: z.string(),
      allocated: decimalAmount,
      open: decimalAmount.describe('Still open on the invoice afterwards'),
    }),
  ),
});

export const queueState = z.object({
  paymentId: z.uuid(),
  dismissed: z.object({ at: z.string(), by: z.string(), reason: z.string() }).nullable(),
  remainder: decimalAmount,
});
