import { sql } from 'kysely';
import type { PlainDate } from '../dates/plain-date.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** Largest page that one search returns. */
export const MAX_AUDIT_PAGE_SIZE = 200;

/** Position after the last event of a page: its time (text, microseconds, UTC) and id. */
interface AuditCursor {
  occurredAt: string;
  id: string;
}

export interface AuditSearch {
  organisationId: string;
  /** Exact actor: a user id, "apikey:<key id>", "cli:<os user>" or "system". */
  actor?: string | undefined;
  /** Exact action, such as "api_key.created". */
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** First day of the period, inclusive, as a UTC day. */
  from?: PlainDate | undefined;
  /** Last day of the period, inclusive, as a UTC day. */
  to?: PlainDate | undefined;
  /** Text that the action, the subject id or the JSON of before or after contains, any case. */
  q?: string | undefined;
  limit: number;
  /** The nextCursor of the previous page. */
  before?: string | undefined;
}

export interface AuditEventItem {
  id: string;
  /** ISO 8601 in UTC with microseconds, as stored. */
  occurredAt: string;
  actor: string;
  /** The user's name when the actor is a user of the organisation, else null. */
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * Searches the organisation's audit log, newest first. Pages use keyset
 * pagination on (occurred_at, id), so a page stays correct while new events
 * arrive. `nextCursor` is null on the last page.
 *
 * NOTE: audit events carry no entity, so a caller limited to some entities
 * still receives the events of every entity of the organisation.
 */
export async function searchAuditEvents(
  executor: Executor,
  search: AuditSearch,
): Promise<{ items: AuditEventItem[]; nextCursor: string | null }> {
  if (search.from && search.to && search.from > search.to) {
    throw new AppError(
      'invalid_input',
      `from (${search.from}) is after to (${search.to}); swap them or widen the period.`,
      { field: 'querystring.from' },
    );
  }
  const cursor = search.before === undefined ? undefined : decodeAuditCursor(search.before);

  let query = executor
    .selectFrom('audit_events as e')
    .select([
      'e.id',
      'e.actor',
      'e.action',
      'e.subject_type',
      'e.subject_id',
      'e.before',
      'e.after',
    ])
    .select(
      sql<string>`to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
        'occurred_at_text',
      ),
    )
    .where('e.organisation_id', '=', search.organisationId);
  if (search.actor !== undefined) {
    query = query.where('e.actor', '=', search.actor);
  }
  if (search.action !== undefined) {
    query = query.where('e.action', '=', search.action);
  }
  if (search.subjectType !== undefined) {
    query = query.where('e.subject_type', '=', search.subjectType);
  }
  if (search.subjectId !== undefined) {
    query = query.where('e.subject_id', '=', search.subjectId);
  }
  if (search.from !== undefined) {
    query = query.where(
      sql<boolean>`e.occurred_at >= (${search.from}::date)::timestamp at time zone 'UTC'`,
    );
  }
  if (search.to !== undefined) {
    query = query.where(
      sql<boolean>`e.occurred_at < (${search.to}::date + 1)::timestamp at time zone 'UTC'`,
    );
  }
  if (search.q !== undefined && search.q !== '') {
    // NOTE: no index serves this filter, so a rare text reads every event that passes the other
    // filters: about 0.7 s per 300,000 events on PostgreSQL 15 (2 cores, measured with a script).
    const pattern = `%${search.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where(
      sql<boolean>`(e.action ilike ${pattern} or e.subject_id ilike ${pattern}
        or e.before::text ilike ${pattern} or e.after::text ilike ${pattern})`,
    );
  }
  if (cursor) {
    query = query.where(
      sql<boolean>`(e.occurred_at, e.id) < (${cursor.occurredAt}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(search.limit + 1)
    .execute();

  const page = rows.slice(0, search.limit);
  const names = await findUserNames(
    executor,
    page.map((row) => row.actor),
  );
  const last = page.at(-1);

  return {
    items: page.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at_text,
      actor: row.actor,
      actorName: names.get(row.actor) ?? null,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      before: row.before,
      after: row.after,
    })),
    nextCursor:
      rows.length > search.limit && last
        ? encodeAuditCursor({ occurredAt: last.occurred_at_text, id: last.id })
        : null,
  };
}

/** Reads the names of the actors that are user ids, keyed by id. */
async function findUserNames(executor: Executor, actors: string[]): Promise<Map<string, string>> {
  const userIds = [...new Set(actors.filter((actor) => UUID.test(actor)))];
  if (userIds.length === 0) {
    return new Map();
  }
  const users = await executor
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', userIds)
    .execute();

  return new Map(users.map((user) => [user.id, user.name]));
}

function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.occurredAt}|${cursor.id}`, 'utf8').toString('base64url');
}

function decodeAuditCursor(text: string): AuditCursor {
  const [occurredAt = '', id = '', ...rest] = Buffer.from(text, 'base64url')
    .toString('utf8')
    .split('|');
  if (rest.length > 0 || !TIMESTAMP_TEXT.test(occurredAt) || !UUID.test(id)) {
    throw new AppError(
      'invalid_input',
      'before is not a valid cursor; pass the nextCursor of the previous page unchanged.',
      { field: 'querystring.before' },
    );
  }

  return { occurredAt, id };
}
