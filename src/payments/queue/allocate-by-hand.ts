import type { Executor } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../../money/money.ts';
import { allocatePayment, paymentRemainder } from '../allocate-payment.ts';
import { loadInvoiceBalances } from '../invoice-balances.ts';
import { lockPayment } from './lock-payment.ts';

/** One line of a manual allocation: an amount as a decimal string with a point, such as "125.50". */
export interface HandAllocation {
  invoiceId: string;
  amount: string;
}

/** A problem with one field of the request, named as in the request body. */
interface FieldError {
  field: string;
  message: string;
}

export interface HandAllocationResult {
  paymentId: string;
  currency: string;
  /** Allocated by this request, as a decimal string. */
  allocated: string;
  /** Amount still unallocated afterwards. */
  remainder: string;
  invoices: { invoiceId: string; number: string; allocated: string; open: string }[];
}

/**
 * Allocates a receipt by hand to the chosen invoices, each with an amount,
 * through allocatePayment with the method 'manual', which also audits it.
 * It locks the payment first, so that a second request on the same payment
 * waits and then reads what the first allocated. It rejects the whole request,
 * naming each field, when an amount is no positive amount in the payment's
 * currency, an invoice is missing, of another entity or currency or listed
 * twice, an amount is more than the invoice has open, or the amounts add up
 * to more than the payment's remainder. Nothing is allocated then.
 */
export async function allocateByHand(
  executor: Executor,
  params: {
    organisationId: string;
    paymentId: string;
    allocations: readonly HandAllocation[];
    actor: string;
  },
): Promise<HandAllocationResult> {
  const payment = await lockPayment(executor, params.paymentId);
  if (payment.dismissed_at !== null) {
    throw new AppError(
      'conflict',
      `Payment ${payment.id} is dismissed; restore it to the queue before allocating it.`,
    );
  }
  if (payment.amount_minor <= 0 || payment.booking_kind !== 'receipt') {
    throw new AppError(
      'conflict',
      `Payment ${payment.id} is money going back (${payment.booking_kind}), which cannot be allocated to invoices; dismiss it instead.`,
    );
  }

  const errors: FieldError[] = [];
  const amounts = params.allocations.map((line, index) =>
    parseLineAmount(line.amount, payment.currency, `body.allocations.${index}.amount`, errors),
  );
  const balances = new Map(
    (
      await loadInvoiceBalances(executor, {
        organisationId: params.organisationId,
        invoiceIds: [...new Set(params.allocations.map((line) => line.invoiceId))],
      })
    ).map((balance) => [balance.invoiceId, balance]),
  );

  const seen = new Set<string>();
  params.allocations.forEach((line, index) => {
    const field = `body.allocations.${index}`;
    const balance = balances.get(line.invoiceId);
    const amount = amounts[index];
    if (seen.has(line.invoiceId)) {
      errors.push({
        field: `${field}.invoiceId`,
        message: 'lists an invoice a second time; put its amounts on one line',
      });
      return;
    }
    seen.add(line.invoiceId);
    if (!balance) {
      errors.push({
        field: `${field}.invoiceId`,
        message: `invoice ${line.invoiceId} does not exist`,
      });
      return;
    }
    if (balance.entityId !== payment.entity_id) {
      errors.push({
        field: `${field}.invoiceId`,
        message: `invoice ${balance.number} belongs to another entity than the payment`,
      });
      return;
    }
    if (balance.currency !== payment.currency) {
      errors.push({
        field: `${field}.invoiceId`,
        message: `invoice ${balance.number} is in ${balance.currency}, the payment in ${payment.currency}`,
      });
      return;
    }
    if (amount !== undefined && amount > balance.totalOpenMinor) {
      errors.push({
        field: `${field}.amount`,
        message: `${formatDecimal(amount, payment.currency)} is more than the ${formatDecimal(balance.totalOpenMinor, payment.currency)} open on invoice ${balance.number}`,
      });
    }
  });

  const remainderMinor = await paymentRemainder(executor, payment.id);
  const totalMinor = amounts.reduce<number>((sum, amount) => sum + (amount ?? 0), 0);
  if (totalMinor > remainderMinor) {
    errors.push({
      field: 'body.allocations',
      message: `the amounts add up to ${formatDecimal(totalMinor, payment.currency)}, more than the ${formatDecimal(remainderMinor, payment.currency)} of the payment that is not allocated yet`,
    });
  }
  if (errors.length > 0) {
    const summary = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    throw new AppError('invalid_input', `Invalid allocation: ${summary}.`, { fields: errors });
  }

  const result = await allocatePayment(executor, {
    organisationId: params.organisationId,
    paymentId: payment.id,
    method: 'manual',
    actor: params.actor,
    targets: params.allocations.map((line, index) => ({
      invoiceId: line.invoiceId,
      amountMinor: amounts[index] ?? 0,
    })),
  });
  if (result.allocatedMinor !== totalMinor) {
    // The checks above make this unreachable; throwing rolls back a partial allocation.
    throw new AppError(
      'conflict',
      `Only ${formatDecimal(result.allocatedMinor, payment.currency)} of ${formatDecimal(totalMinor, payment.currency)} could be allocated; nothing was allocated. Reload the payment and try again.`,
    );
  }

  return summarise(executor, params, payment, result.parts);
}

/** Parses one amount; records a field error and returns undefined when it is no positive amount. */
function parseLineAmount(
  text: string,
  currency: string,
  field: string,
  errors: FieldError[],
): number | undefined {
  try {
    const minor = parseAmount(text, currency);
    if (minor <= 0) {
      errors.push({ field, message: `must be more than 0, such as "125.50"; got "${text}"` });
      return undefined;
    }
    return minor;
  } catch (error) {
    if (!(error instanceof AmountParseError)) {
      throw error;
    }
    errors.push({
      field,
      message: `"${text}" ${error.message}; write the amount with a decimal point, such as "125.50"`,
    });
    return undefined;
  }
}

async function summarise(
  executor: Executor,
  params: { organisationId: string; allocations: readonly HandAllocation[] },
  payment: { id: string; currency: string },
  parts: readonly { invoiceId: string; amountMinor: number }[],
): Promise<HandAllocationResult> {
  const balances = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds: params.allocations.map((line) => line.invoiceId),
  });
  const allocatedMinor = parts.reduce((sum, part) => sum + part.amountMinor, 0);

  return {
    paymentId: payment.id,
    currency: payment.currency,
    allocated: formatDecimal(allocatedMinor, payment.currency),
    remainder: formatDecimal(await paymentRemainder(executor, payment.id), payment.currency),
    invoices: balances.map((balance) => ({
      invoiceId: balance.invoiceId,
      number: balance.number,
      allocated: formatDecimal(
        parts
          .filter((part) => part.invoiceId === balance.invoiceId)
          .reduce((sum, part) => sum + part.amountMinor, 0),
        payment.currency,
      ),
      open: formatDecimal(balance.totalOpenMinor, payment.currency),
    })),
  };
}
