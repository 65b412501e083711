import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Events per INSERT statement. Each statement binds one array per column, not one value per row. */
const EVENTS_PER_STATEMENT = 5000;

/** The subject and values of one audit event of a batch. */
export interface AuditRecord {
  subjectId: string;
  /** The changed values before the change; undefined for a created subject. */
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit event per record, all with the same actor, action,
 * subject type and entity, in the caller's transaction. Each chunk of records is one
 * INSERT ... SELECT over unnest() of the columns, so that an import of
 * 100,000 invoices adds tens of statements, not 100,000.
 */
export async function recordAuditEvents(
  executor: Executor,
  event: {
    organisationId: string;
    actor: string;
    action: string;
    subjectType: string;
    /** The entity whose data the records are; NULL only for organisation-level events. */
    entityId: string | null;
  },
  records: readonly AuditRecord[],
): Promise<void> {
  for (let start = 0; start < records.length; start += EVENTS_PER_STATEMENT) {
    const chunk = records.slice(start, start + EVENTS_PER_STATEMENT);
    const subjectIds = chunk.map((record) => record.subjectId);
    const befores = chunk.map((record) => toJsonText(record.before));
    const afters = chunk.map((record) => toJsonText(record.after));
    await sql`
      insert into audit_events
        (organisation_id, actor, action, subject_type, subject_id, before, after, entity_id)
      select ${event.organisationId}::uuid, ${event.actor}, ${event.action}, ${event.subjectType},
        r.subject_id, r.before, r.after, ${event.entityId}::uuid
      from unnest(${subjectIds}::text[], ${befores}::jsonb[], ${afters}::jsonb[])
        as r(subject_id, before, after)`.execute(executor);
  }
}

function toJsonText(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}
