import type { Principal } from '../access/principal.ts';
import type { IssueOutcome } from '../db/schema.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { AppError } from '../errors.ts';
import { findVisibleIssue } from './issue-access.ts';
import { recordIssueEvent } from './record-issue-event.ts';
import { requireOpen } from './update-issue.ts';

export type IssueClosing =
  | {
      kind: 'resolved';
      outcome: IssueOutcome;
      creditNoteExpected: boolean;
      resolution: string;
    }
  | { kind: 'rejected'; resolution: string };

/**
 * Resolves or rejects an open issue on the entity's today. The closing date
 * starts the category's resume period, after which dunning of its invoices
 * resumes. A rejected issue keeps no outcome; its resolution text is the
 * reason for the rejection.
 */
export async function closeIssue(
  trx: TenantTransaction,
  principal: Principal,
  params: { issueId: string; closing: IssueClosing; now: Date },
): Promise<void> {
  const issue = await findVisibleIssue(trx, principal, params.issueId, { lock: true });
  requireOpen(issue);
  const entity = await trx
    .selectFrom('entities')
    .select('time_zone')
    .where('id', '=', issue.entity_id)
    .executeTakeFirstOrThrow();
  const closedOn = todayForEntity(entity, params.now);
  const { closing } = params;
  const after =
    closing.kind === 'resolved'
      ? {
          status: 'resolved' as const,
          outcome: closing.outcome,
          credit_note_expected: closing.creditNoteExpected,
          resolution: closing.resolution,
        }
      : {
          status: 'rejected' as const,
          outcome: null,
          credit_note_expected: false,
          resolution: closing.resolution,
        };
  await trx
    .updateTable('issues')
    .set({
      ...after,
      closed_on: closedOn,
      resolved_at: params.now,
      updated_at: params.now,
    })
    .where('id', '=', issue.id)
    .execute();
  await recordIssueEvent(trx, {
    organisationId: principal.organisationId,
    actor: principal.actor,
    issue,
    kind: closing.kind,
    before: { status: issue.status },
    after: {
      status: after.status,
      outcome: after.outcome,
      creditNoteExpected: after.credit_note_expected,
      resolution: after.resolution,
      closedOn,
    },
  });
}

/**
 * Returns a resolved or rejected issue to in_progress. Closing date,
 * outcome, credit-note flag and resolution are cleared on the issue; the
 * history keeps them in the earlier events. An open issue is a conflict.
 */
export async function reopenIssue(
  trx: TenantTransaction,
  principal: Principal,
  params: { issueId: string; now: Date },
): Promise<void> {
  const issue = await findVisibleIssue(trx, principal, params.issueId, { lock: true });
  if (issue.status !== 'resolved' && issue.status !== 'rejected') {
    throw new AppError(
      'conflict',
      `Issue ${issue.number} is ${issue.status}, not resolved or rejected; only a closed issue can be reopened.`,
    );
  }
  await trx
    .updateTable('issues')
    .set({
      status: 'in_progress',
      closed_on: null,
      resolved_at: null,
      outcome: null,
      credit_note_expected: false,
      resolution: '',
      updated_at: params.now,
    })
    .where('id', '=', issue.id)
    .execute();
  await recordIssueEvent(trx, {
    organisationId: principal.organisationId,
    actor: principal.actor,
    issue,
    kind: 'reopened',
    before: {
      status: issue.status,
      closedOn: issue.closed_on,
      outcome: issue.outcome,
      creditNoteExpected: issue.credit_note_expected,
      resolution: issue.resolution,
    },
    after: { status: 'in_progress' },
  });
}
