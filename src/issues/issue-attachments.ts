import { createHash } from 'node:crypto';
import type { Principal } from '../access/principal.ts';
import type { Executor } from '../db/database.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { loadActorNames, type NamedActor } from './actor-names.ts';
import { findVisibleIssue } from './issue-access.ts';
import { recordIssueEvent } from './record-issue-event.ts';

export interface IssueAttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdBy: NamedActor;
  createdAt: string;
}

/**
 * Stores a file with an issue the principal may see, in the database with
 * its SHA-256, and records attachment_added. The caller has already checked
 * the content type and size (see attachment-content.ts).
 */
export async function addIssueAttachment(
  trx: TenantTransaction,
  principal: Principal,
  params: { issueId: string; fileName: string; contentType: string; content: Buffer },
): Promise<IssueAttachmentView> {
  const issue = await findVisibleIssue(trx, principal, params.issueId, { lock: true });
  const sha256 = createHash('sha256').update(params.content).digest('hex');
  const attachment = await trx
    .insertInto('issue_attachments')
    .values({
      organisation_id: principal.organisationId,
      entity_id: issue.entity_id,
      issue_id: issue.id,
      file_name: params.fileName,
      content_type: params.contentType,
      size_bytes: params.content.length,
      sha256,
      content: params.content,
      created_by: principal.actor,
    })
    .returning(['id', 'file_name', 'content_type', 'size_bytes', 'created_by', 'created_at'])
    .executeTakeFirstOrThrow();
  await recordIssueEvent(trx, {
    organisationId: principal.organisationId,
    actor: principal.actor,
    issue,
    kind: 'attachment_added',
    after: {
      attachmentId: attachment.id,
      fileName: attachment.file_name,
      contentType: attachment.content_type,
      sizeBytes: attachment.size_bytes,
      sha256,
    },
  });
  const actorName = await loadActorNames(trx, [attachment.created_by]);

  return {
    id: attachment.id,
    fileName: attachment.file_name,
    contentType: attachment.content_type,
    sizeBytes: attachment.size_bytes,
    createdBy: actorName(attachment.created_by),
    createdAt: new Date(attachment.created_at).toISOString(),
  };
}

/** Reads an attachment of an issue the principal may see; not_found otherwise. */
export async function readIssueAttachment(
  executor: Executor,
  principal: Principal,
  params: { issueId: string; attachmentId: string },
): Promise<{ fileName: string; contentType: string; sha256: string; content: Buffer }> {
  const issue = await findVisibleIssue(executor, principal, params.issueId);
  const attachment = await executor
    .selectFrom('issue_attachments')
    .select(['file_name', 'content_type', 'sha256', 'content'])
    .where('id', '=', params.attachmentId)
    .where('issue_id', '=', issue.id)
    .executeTakeFirst();
  if (!attachment) {
    throw new AppError(
      'not_found',
      `Attachment ${params.attachmentId} of issue ${issue.number} does not exist.`,
    );
  }

  return {
    fileName: attachment.file_name,
    contentType: attachment.content_type,
    sha256: attachment.sha256,
    // PGlite returns bytea as a Uint8Array, pg as a Buffer.
    content: Buffer.from(attachment.content),
  };
}

/** Deletes an attachment of an issue the principal may see and records attachment_removed. */
export async function removeIssueAttachment(
  trx: TenantTransaction,
  principal: Principal,
  params: { issueId: string; attachmentId: string },
): Promise<void> {
  const issue = await findVisibleIssue(trx, principal, params.issueId, { lock: true });
  const removed = await trx
    .deleteFrom('issue_attachments')
    .where('id', '=', params.attachmentId)
    .where('issue_id', '=', issue.id)
    .returning(['id', 'file_name', 'content_type', 'size_bytes', 'sha256'])
    .executeTakeFirst();
  if (!removed) {
    throw new AppError(
      'not_found',
      `Attachment ${params.attachmentId} of issue ${issue.number} does not exist.`,
    );
  }
  await recordIssueEvent(trx, {
    organisationId: principal.organisationId,
    actor: principal.actor,
    issue,
    kind: 'attachment_removed',
    before: {
      attachmentId: removed.id,
      fileName: removed.file_name,
      contentType: removed.content_type,
      sizeBytes: removed.size_bytes,
      sha256: removed.sha256,
    },
  });
}
