import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { ArrangementStatus } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** approve: requested → active; reject: requested → rejected; cancel: requested or active → cancelled. */
export type ArrangementDecision = 'approve' | 'reject' | 'cancel';

const TRANSITIONS: Record<
  ArrangementDecision,
  { from: readonly ArrangementStatus[]; to: ArrangementStatus; action: string }
> = {
  approve: { from: ['requested'], to: 'active', action: 'arrangement.approved' },
  reject: { from: ['requested'], to: 'rejected', action: 'arrangement.rejected' },
  cancel: { from: ['requested', 'active'], to: 'cancelled', action: 'arrangement.cancelled' },
};

/**
 * Approves, rejects or cancels an arrangement with the decider's note, in
 * the caller's transaction, and audits it. Locks the row, so two credit
 * managers deciding at once cannot both succeed. A cancelled arrangement
 * releases its invoices: the next dunning run reminds them again.
 * Throws not_found for an arrangement outside the caller's scope and
 * conflict when its status does not allow the decision.
 */
export async function decideArrangement(
  executor: Executor,
  params: {
    organisationId: string;
    arrangementId: string;
    decision: ArrangementDecision;
    note: string | null;
    actor: string;
    now: Date;
  },
): Promise<void> {
  const arrangement = await executor
    .selectFrom('arrangements')
    .select(['id', 'entity_id', 'status'])
    .where('id', '=', params.arrangementId)
    .forUpdate()
    .executeTakeFirst();
  if (!arrangement) {
    throw new AppError('not_found', `Arrangement ${params.arrangementId} does not exist.`);
  }
  const transition = TRANSITIONS[params.decision];
  if (!transition.from.includes(arrangement.status)) {
    throw new AppError(
      'conflict',
      `Arrangement ${arrangement.id} is ${arrangement.status}; only a ${transition.from.join(' or ')} arrangement can be given the decision "${params.decision}".`,
    );
  }

  await executor
    .updateTable('arrangements')
    .set({
      status: transition.to,
      decided_by: params.actor,
      decided_at: params.now,
      decision_note: params.note,
      updated_at: sql`now()`,
    })
    .where('id', '=', arrangement.id)
    .execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: transition.action,
    subjectType: 'arrangement',
    subjectId: arrangement.id,
    entityId: arrangement.entity_id,
    before: { status: arrangement.status },
    after: { status: transition.to, note: params.note },
  });
}
