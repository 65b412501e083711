import { recordAudit } from '../../audit/record-audit.ts';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { formatDecimal } from '../../money/money.ts';
import { paymentRemainder } from '../allocate-payment.ts';
import { lockPayment } from './lock-payment.ts';

/** The maximum length of a dismiss reason, as the payments table checks it. */
export const MAX_DISMISS_REASON_LENGTH = 500;

export interface PaymentQueueState {
  paymentId: string;
  dismissed: { at: string; by: string; reason: string } | null;
  /** Not allocated yet, as a decimal string. */
  remainder: string;
}

/**
 * Takes a payment off the queue of unmatched payments without allocating
 * it, with the reason (such as money that is no receivable, or a refund to
 * make). Its remainder stays unallocated. Audited as 'payment.dismissed'.
 * A dismissed payment, or one with nothing left to allocate, is a conflict.
 */
export async function dismissPayment(
  executor: Executor,
  params: { organisationId: string; paymentId: string; reason: string; actor: string },
): Promise<PaymentQueueState> {
  const reason = params.reason.trim();
  if (reason.length === 0 || reason.length > MAX_DISMISS_REASON_LENGTH) {
    throw new AppError(
      'invalid_input',
      `Invalid request: body.reason: give a reason of 1 to ${MAX_DISMISS_REASON_LENGTH} characters.`,
      {
        fields: [
          { field: 'body.reason', message: `must be 1 to ${MAX_DISMISS_REASON_LENGTH} characters` },
        ],
      },
    );
  }
  const payment = await lockPayment(executor, params.paymentId);
  if (payment.dismissed_at !== null) {
    throw new AppError('conflict', `Payment ${payment.id} is already dismissed.`);
  }
  const remainderMinor = await paymentRemainder(executor, payment.id);
  if (remainderMinor === 0) {
    throw new AppError(
      'conflict',
      `Payment ${payment.id} is allocated in full, so it is not in the queue to dismiss.`,
    );
  }

  const updated = await executor
    .updateTable('payments')
    .set({ dismissed_at: new Date(), dismissed_by: params.actor, dismiss_reason: reason })
    .where('id', '=', payment.id)
    .returning(['dismissed_at', 'dismissed_by', 'dismiss_reason'])
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'payment.dismissed',
    subjectType: 'payment',
    subjectId: payment.id,
    entityId: payment.entity_id,
    after: { reason, remainderMinor },
  });

  return {
    paymentId: payment.id,
    dismissed: {
      at: new Date(updated.dismissed_at ?? Date.now()).toISOString(),
      by: updated.dismissed_by ?? params.actor,
      reason: updated.dismiss_reason ?? reason,
    },
    remainder: formatDecimal(remainderMinor, payment.currency),
  };
}

/**
 * Puts a dismissed payment back on the queue of unmatched payments, clearing
 * the dismissal. Audited as 'payment.restored' with the reason it had. A
 * payment that is not dismissed is a conflict.
 */
export async function restorePayment(
  executor: Executor,
  params: { organisationId: string; paymentId: string; actor: string },
): Promise<PaymentQueueState> {
  const payment = await lockPayment(executor, params.paymentId);
  if (payment.dismissed_at === null) {
    throw new AppError('conflict', `Payment ${payment.id} is not dismissed.`);
  }

  await executor
    .updateTable('payments')
    .set({ dismissed_at: null, dismissed_by: null, dismiss_reason: null })
    .where('id', '=', payment.id)
    .execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'payment.restored',
    subjectType: 'payment',
    subjectId: payment.id,
    entityId: payment.entity_id,
    before: { reason: payment.dismiss_reason, dismissedBy: payment.dismissed_by },
  });

  return {
    paymentId: payment.id,
    dismissed: null,
    remainder: formatDecimal(await paymentRemainder(executor, payment.id), payment.currency),
  };
}
