import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { IssueEventKind } from '../db/schema.ts';

export interface IssueChange {
  organisationId: string;
  /** User id or "apikey:<key id>" of who made the change. */
  actor: string;
  issue: { id: string; entity_id: string };
  kind: IssueEventKind;
  /** The changed values before and after; either may be omitted, as for a created issue. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/**
 * Writes one change of an issue twice in the caller's transaction: as a row
 * of the issue's history (issue_events) and as an audit event
 * "issue.<kind>", so both commit or roll back with the change itself.
 */
export async function recordIssueEvent(executor: Executor, change: IssueChange): Promise<void> {
  const details = {
    ...(change.before === undefined ? {} : { before: change.before }),
    ...(change.after === undefined ? {} : { after: change.after }),
  };
  await executor
    .insertInto('issue_events')
    .values({
      organisation_id: change.organisationId,
      entity_id: change.issue.entity_id,
      issue_id: change.issue.id,
      kind: change.kind,
      actor: change.actor,
      details: JSON.stringify(details),
    })
    .execute();
  await recordAudit(executor, {
    organisationId: change.organisationId,
    actor: change.actor,
    action: `issue.${change.kind}`,
    subjectType: 'issue',
    subjectId: change.issue.id,
    entityId: change.issue.entity_id,
    before: change.before,
    after: change.after,
  });
}
