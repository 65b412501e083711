import { z } from 'zod';
import type { DebtorCard } from '../../debtors/get-debtor-card.ts';
import { formatDecimal } from '../../money/money.ts';
import { currencyCode, decimalAmount, plainDate } from '../schemas.ts';
import { debtorHoldBody } from './debtor-hold.ts';
import { messageDelivery } from './delivery-body.ts';
import { codeHoldBody, issueHoldBody } from './hold-body.ts';

export const debtorCardBody = z.object({
  asOf: plainDate,
  debtor: z.object({
    id: z.uuid(),
    number: z.string(),
    name: z.string(),
    kind: z.enum(['b2b', 'b2c']),
    language: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    addressLine: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string().nullable(),
    entityCode: z.string(),
    currency: currencyCode,
    open: decimalAmount,
    overdue: decimalAmount,
    dunningHold: debtorHoldBody
      .nullable()
      .describe(
        'Set while the debtor is held from batch review; lift it with DELETE /api/debtors/:id/hold',
      ),
    invalidPhoneNumbers: z
      .array(
        z.object({
          number: z.string(),
          callTaskId: z.uuid().nullable(),
          flaggedBy: z.object({ actor: z.string(), name: z.string() }),
          flaggedAt: z.string(),
        }),
      )
      .describe('Numbers a call marked as wrong; later call steps skip them'),
  }),
  invoices: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      kind: z.enum(['invoice', 'credit_note']),
      invoiceDate: plainDate,
      dueDate: plainDate,
      amount: decimalAmount,
      open: decimalAmount,
      currency: currencyCode,
      daysPastDue: z.number().int(),
      hold: codeHoldBody.nullable().describe('Set while an import hold code applies'),
      issueHold: issueHoldBody
        .nullable()
        .describe('Set while an issue of a category that pauses dunning holds the invoice'),
      steps: z.array(z.object({ step: z.string(), reachedOn: plainDate })),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.uuid(),
      paymentDate: plainDate,
      amount: decimalAmount,
      currency: currencyCode,
      source: z.enum(['import', 'bank', 'provider', 'manual']),
      reference: z.string().nullable(),
      allocated: z.array(z.object({ invoiceNumber: z.string(), amount: decimalAmount })),
    }),
  ),
  timeline: z.array(
    z.object({
      kind: z.enum(['message', 'call']),
      id: z.uuid(),
      date: plainDate,
      step: z.string(),
      channel: z.string(),
      status: z.string(),
      total: decimalAmount,
      currency: currencyCode,
      delivery: messageDelivery.nullable().describe('Delivery of a message; null for call tasks'),
    }),
  ),
});

/** The card with amounts as decimal strings in their currency, as the API returns it. */
export function toDebtorCardBody(card: DebtorCard): z.infer<typeof debtorCardBody> {
  const { debtor } = card;

  return {
    asOf: card.asOf,
    debtor: {
      id: debtor.id,
      number: debtor.number,
      name: debtor.name,
      kind: debtor.kind,
      language: debtor.language,
      email: debtor.email,
      phone: debtor.phone,
      addressLine: debtor.addressLine,
      postalCode: debtor.postalCode,
      city: debtor.city,
      country: debtor.country,
      entityCode: debtor.entityCode,
      currency: debtor.currency,
      open: formatDecimal(debtor.openMinor, debtor.currency),
      overdue: formatDecimal(debtor.overdueMinor, debtor.currency),
      dunningHold: debtor.dunningHold,
      invalidPhoneNumbers: debtor.invalidPhoneNumbers,
    },
    invoices: card.invoices.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      kind: invoice.kind,
      invoiceDate: invoice.invoiceDate,
      dueDate: invoice.dueDate,
      amount: formatDecimal(invoice.amountMinor, invoice.currency),
      open: formatDecimal(invoice.openMinor, invoice.currency),
      currency: invoice.currency,
      daysPastDue: invoice.daysPastDue,
      hold: invoice.hold,
      issueHold: invoice.issueHold,
      steps: invoice.steps,
    })),
    payments: card.payments.map((payment) => ({
      id: payment.id,
      paymentDate: payment.paymentDate,
      amount: formatDecimal(payment.amountMinor, payment.currency),
      currency: payment.currency,
      source: payment.source,
      reference: payment.reference,
      allocated: payment.allocated.map((allocation) => ({
        invoiceNumber: allocation.invoiceNumber,
        amount: formatDecimal(allocation.amountMinor, payment.currency),
      })),
    })),
    timeline: card.timeline.map((entry) => ({
      kind: entry.kind,
      id: entry.id,
      date: entry.date,
      step: entry.step,
      channel: entry.channel,
      status: entry.status,
      total: formatDecimal(entry.totalMinor, entry.currency),
      currency: entry.currency,
      delivery: entry.delivery,
    })),
  };
}
