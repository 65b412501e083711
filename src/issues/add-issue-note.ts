import type { Principal } from '../access/principal.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { loadActorNames, type NamedActor } from './actor-names.ts';
import { findVisibleIssue } from './issue-access.ts';
import { recordIssueEvent } from './record-issue-event.ts';

export interface IssueNoteView {
  id: string;
  body: string;
  sharedWithDebtor: boolean;
  createdBy: NamedActor;
  createdAt: string;
}

/**
 * Adds a note to an issue the principal may see, open or closed, and
 * records note_added. A note shared with the debtor shows in the customer
 * portal; others stay internal.
 */
export async function addIssueNote(
  trx: TenantTransaction,
  principal: Principal,
  params: { issueId: string; body: string; sharedWithDebtor: boolean },
): Promise<IssueNoteView> {
  const issue = await findVisibleIssue(trx, principal, params.issueId, { lock: true });
  const note = await trx
    .insertInto('issue_notes')
    .values({
      organisation_id: principal.organisationId,
      entity_id: issue.entity_id,
      issue_id: issue.id,
      body: params.body,
      shared_with_debtor: params.sharedWithDebtor,
      created_by: principal.actor,
    })
    .returning(['id', 'body', 'shared_with_debtor', 'created_by', 'created_at'])
    .executeTakeFirstOrThrow();
  await recordIssueEvent(trx, {
    organisationId: principal.organisationId,
    actor: principal.actor,
    issue,
    kind: 'note_added',
    after: { noteId: note.id, body: note.body, sharedWithDebtor: note.shared_with_debtor },
  });
  const actorName = await loadActorNames(trx, [note.created_by]);

  return {
    id: note.id,
    body: note.body,
    sharedWithDebtor: note.shared_with_debtor,
    createdBy: actorName(note.created_by),
    createdAt: new Date(note.created_at).toISOString(),
  };
}
