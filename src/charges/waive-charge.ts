import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { ChargeKind } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Maximum length of a waive reason, as the charges table allows. */
export const MAX_WAIVE_REASON_LENGTH = 500;

export interface WaivedCharge {
  chargeId: string;
  kind: ChargeKind;
  invoiceId: string;
  waivedAt: string;
  waivedBy: string;
  reason: string;
}

/**
 * Waives a charge: the debtor owes it no more, and what payments already
 * settled of it stays allocated. The row is kept with who waived it, when
 * and why, and the waiver is audited as 'charge.waived'. Throws not_found
 * for a charge outside the caller's organisation or entities, conflict
 * for one already waived, and invalid_input for an empty or too long reason.
 */
export async function waiveCharge(
  executor: Executor,
  params: { organisationId: string; chargeId: string; reason: string; actor: string },
): Promise<WaivedCharge> {
  const reason = params.reason.trim();
  if (reason.length === 0 || reason.length > MAX_WAIVE_REASON_LENGTH) {
    throw new AppError(
      'invalid_input',
      `reason: give the reason for waiving the charge in 1 to ${MAX_WAIVE_REASON_LENGTH} characters.`,
    );
  }
  const charge = await executor
    .selectFrom('charges')
    .select(['id', 'kind', 'invoice_id', 'entity_id', 'amount_minor', 'waived_at'])
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.chargeId)
    .forUpdate()
    .executeTakeFirst();
  if (!charge) {
    throw new AppError('not_found', `Charge ${params.chargeId} does not exist.`);
  }
  if (charge.waived_at) {
    throw new AppError('conflict', `Charge ${params.chargeId} is already waived.`);
  }

  const updated = await executor
    .updateTable('charges')
    .set({ waived_at: sql<Date>`now()`, waived_by: params.actor, waive_reason: reason })
    .where('id', '=', charge.id)
    .returning(['waived_at'])
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'charge.waived',
    subjectType: 'charge',
    subjectId: charge.id,
    entityId: charge.entity_id,
    before: { waived: false },
    after: {
      waived: true,
      reason,
      kind: charge.kind,
      invoiceId: charge.invoice_id,
      amountMinor: Number(charge.amount_minor),
    },
  });

  return {
    chargeId: charge.id,
    kind: charge.kind,
    invoiceId: charge.invoice_id,
    waivedAt: new Date(updated.waived_at ?? Date.now()).toISOString(),
    waivedBy: params.actor,
    reason,
  };
}
