import type { Executor } from '../../db/database.ts';
import { requireUuid } from '../../dunning/require-uuid.ts';
import { AppError } from '../../errors.ts';

/**
 * Reads a payment and locks its row until the transaction ends, so that two
 * requests on one payment run one after the other.
 */
export function lockPayment(executor: Executor, paymentId: string) {
  return findPayment(executor, paymentId, { forUpdate: true });
}

/**
 * Reads a payment, or throws not_found. Row-level security hides the
 * payments of other organisations and of entities outside the caller's
 * scope, so those are not_found too.
 */
export async function findPayment(
  executor: Executor,
  paymentId: string,
  options: { forUpdate: boolean } = { forUpdate: false },
) {
  requireUuid(paymentId, 'Payment');
  let query = executor.selectFrom('payments').selectAll().where('id', '=', paymentId);
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  const payment = await query.executeTakeFirst();
  if (!payment) {
    throw new AppError('not_found', `Payment ${paymentId} does not exist.`);
  }

  return payment;
}
