import type { Executor } from '../db/database.ts';

export interface AuditEntry {
  organisationId: string;
  /** User id, "cli:<os user>" or "system". */
  actor: string;
  /** Event name as `subject.verb`: "entity.created", "import.completed". */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  /**
   * The entity whose data the event concerns, so that row-level security
   * hides the event from users limited to other entities. Omit it (NULL)
   * only for organisation-level events, which every user with audit.read can read.
   */
  entityId?: string | null;
}

/** Writes one audit event in the caller's transaction, so it commits or rolls back with the change. */
export async function recordAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await executor
    .insertInto('audit_events')
    .values({
      organisation_id: entry.organisationId,
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      entity_id: entry.entityId ?? null,
    })
    .execute();
}
