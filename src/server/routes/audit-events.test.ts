import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { bearer, buildTestUser, createTestApiKey } from '../testing/access-fixtures.ts';
import {
  buildOrganisationWithUser,
  buildTestServer,
  logInAs,
  type LoggedIn,
  type TestServer,
} from '../test-server.ts';

interface AuditItem {
  id: string;
  occurredAt: string;
  actor: string;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
}

interface AuditPage {
  items: AuditItem[];
  nextCursor: string | null;
}

/** Subject ids of the fixture events, so that tests can ignore the organisation's own seed events. */
const FIXTURE_SUBJECT = /^fixture-/;

describe('audit event search', () => {
  let testDatabase: TestDatabase;
  let server: TestServer;
  let organisationId: string;
  let annaId: string;
  let anna: LoggedIn;
  let auditor: LoggedIn;
  let creditManager: LoggedIn;
  let bert: LoggedIn;

  const search = async (session: LoggedIn, query: string): Promise<AuditPage> => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/audit-events?${query}`,
      headers: session.headers,
    });
    if (response.statusCode !== 200) {
      throw new Error(`search ${query} failed with ${response.statusCode}: ${response.body}`);
    }
    return response.json();
  };
  const fixtureIds = (page: AuditPage) =>
    page.items
      .filter((item) => FIXTURE_SUBJECT.test(item.subjectId ?? ''))
      .map((item) => item.subjectId);

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    server = await buildTestServer(database);
    const a = await buildOrganisationWithUser(database, { slug: 'a', username: 'anna' });
    organisationId = a.organisationId;
    annaId = a.userId;
    await buildOrganisationWithUser(database, { slug: 'b', username: 'bert' });
    await buildTestUser(database, organisationId, { username: 'auditor', group: 'auditor' });
    await buildTestUser(database, organisationId, { username: 'cm', group: 'credit-manager' });

    // Events at fixed times: two on 2025-03-01 (the same instant), one per day after it.
    const events = [
      [
        '2025-03-01T09:00:00Z',
        annaId,
        'debtor.updated',
        'debtor',
        'fixture-d1',
        { name: 'Old' },
        { name: 'Acme 100% BV' },
      ],
      [
        '2025-03-01T09:00:00Z',
        annaId,
        'invoice.updated',
        'invoice',
        'fixture-i1',
        { amountMinor: 100 },
        { amountMinor: 200 },
      ],
      [
        '2025-03-02T23:59:59Z',
        'cli:ops',
        'invoice.closed',
        'invoice',
        'fixture-i2',
        { closedOn: null },
        { closedOn: '2025-03-02' },
      ],
      [
        '2025-03-03T00:00:00Z',
        'system',
        'import.completed',
        'import',
        'fixture-import',
        null,
        { fileName: 'march.csv' },
      ],
      [
        '2025-03-04T12:00:00Z',
        'apikey:00000000-0000-0000-0000-000000000000',
        'debtor.created',
        'debtor',
        'fixture-d2',
        null,
        { name: 'Beta Foods' },
      ],
      [
        '2025-03-05T12:00:00Z',
        annaId,
        'debtor.updated',
        'debtor',
        'fixture-d1',
        { email: null },
        { email: 'ap@acme.example' },
      ],
      [
        '2025-03-06T12:00:00Z',
        annaId,
        'entity.updated',
        'entity',
        'fixture-e1',
        { name: 'NL' },
        { name: 'NL01' },
      ],
    ] as const;
    // Raw SQL, because the table type lets no insert set occurred_at.
    await withOrganisation(database, organisationId, async (trx) => {
      for (const [occurredAt, actor, action, subjectType, subjectId, before, after] of events) {
        await sql`
          insert into audit_events
            (organisation_id, occurred_at, actor, action, subject_type, subject_id, before, after)
          values (${organisationId}::uuid, ${occurredAt}::timestamptz, ${actor}, ${action},
            ${subjectType}, ${subjectId}, ${before === null ? null : JSON.stringify(before)}::jsonb,
            ${JSON.stringify(after)}::jsonb)`.execute(trx);
      }
    });

    anna = await logInAs(server.app, 'anna');
    auditor = await logInAs(server.app, 'auditor');
    creditManager = await logInAs(server.app, 'cm');
    bert = await logInAs(server.app, 'bert');
  });

  afterAll(async () => {
    await server.app.close();
    await testDatabase.drop();
  });

  it('lists newest first with actor names', async () => {
    const page = await search(anna, 'to=2025-03-31');

    expect(fixtureIds(page)).toEqual([
      'fixture-e1',
      'fixture-d1',
      'fixture-d2',
      'fixture-import',
      'fixture-i2',
      expect.stringMatching(/^fixture-[di]1$/),
      expect.stringMatching(/^fixture-[di]1$/),
    ]);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      occurredAt: '2025-03-06T12:00:00.000000Z',
      actor: annaId,
      actorName: 'anna',
      action: 'entity.updated',
      subjectType: 'entity',
      subjectId: 'fixture-e1',
      before: { name: 'NL' },
      after: { name: 'NL01' },
    });
    expect(page.items.find((item) => item.actor === 'cli:ops')?.actorName).toBeNull();
    expect(page.nextCursor).toBeNull();
  });

  it('pages with the cursor without gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `to=2025-03-31&limit=2${cursor ? `&before=${cursor}` : ''}`;
      const page = await search(anna, query);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    const all = (await search(anna, 'to=2025-03-31')).items.map((item) => item.id);

    expect(pages).toBe(4);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(7);
  });

  it('filters by actor, action and subject', async () => {
    const byActor = await search(anna, 'actor=cli:ops');
    const byAction = await search(anna, 'action=debtor.updated');
    const bySubject = await search(anna, 'subjectType=invoice');
    const byId = await search(anna, 'subjectType=debtor&subjectId=fixture-d1');

    expect(fixtureIds(byActor)).toEqual(['fixture-i2']);
    expect(fixtureIds(byAction)).toEqual(['fixture-d1', 'fixture-d1']);
    expect(fixtureIds(bySubject)).toEqual(['fixture-i2', 'fixture-i1']);
    expect(byId.items).toHaveLength(2);
  });

  it('filters by UTC days, both inclusive', async () => {
    const page = await search(anna, 'from=2025-03-02&to=2025-03-03');

    expect(fixtureIds(page)).toEqual(['fixture-import', 'fixture-i2']);
  });

  it('free text matches action, subject id and values', async () => {
    const inValues = await search(anna, 'q=ACME.EXAMPLE');
    const inAction = await search(anna, 'q=closed');
    const inSubject = await search(anna, 'q=fixture-import');
    const literalPercent = await search(anna, `q=${encodeURIComponent('100%')}`);
    const wildcardOnly = await search(anna, `q=${encodeURIComponent('%')}`);

    expect(fixtureIds(inValues)).toEqual(['fixture-d1']);
    expect(fixtureIds(inAction)).toEqual(['fixture-i2']);
    expect(fixtureIds(inSubject)).toEqual(['fixture-import']);
    expect(fixtureIds(literalPercent)).toEqual(['fixture-d1']);
    expect(fixtureIds(wildcardOnly)).toEqual(['fixture-d1']);
  });

  it('finds events that the application records', async () => {
    const key = await createTestApiKey(testDatabase.database, organisationId, ['reports.read']);
    const page = await search(anna, 'action=api_key.created');

    expect(page.items.map((item) => item.subjectId)).toContain(key.id);
  });

  it('auditor may search', async () => {
    const page = await search(auditor, 'actor=cli:ops');

    expect(fixtureIds(page)).toEqual(['fixture-i2']);
  });

  it('key with audit.read may search', async () => {
    const key = await createTestApiKey(testDatabase.database, organisationId, ['audit.read']);
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/audit-events?actor=cli:ops',
      headers: bearer(key.key),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().items).toHaveLength(1);
  });

  it('rejects invalid input naming the field', async () => {
    const cases = [
      ['limit=201', 'querystring.limit'],
      ['limit=0', 'querystring.limit'],
      ['from=2025-02-30', 'querystring.from'],
      ['before=not-a-cursor', 'querystring.before'],
      ['from=2025-03-05&to=2025-03-01', 'querystring.from'],
    ] as const;
    for (const [query, field] of cases) {
      const response = await server.app.inject({
        method: 'GET',
        url: `/api/audit-events?${query}`,
        headers: anna.headers,
      });
      const error = response.json().error;

      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(error.details), query).toContain(field);
    }
  });

  it('returns 401 without a session', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/audit-events' });

    expect(response.statusCode).toBe(401);
  });

  it('returns 403 without audit.read', async () => {
    const response = await server.app.inject({
      method: 'GET',
      url: '/api/audit-events',
      headers: creditManager.headers,
    });

    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });

  it('another organisation sees none of it', async () => {
    const page = await search(bert, 'q=fixture');
    const byActor = await search(bert, `actor=${annaId}`);

    expect(page.items).toEqual([]);
    expect(byActor.items).toEqual([]);
  });
});
