import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { LoggedIn } from '../test-server.ts';
import {
  buildIssueFixture,
  registerTestIssue,
  requestAs,
  type IssueFixture,
} from '../testing/issue-fixture.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');

/** Builds a multipart/form-data body with the PDF `name` in the field "file". */
function pdfUpload(name: string) {
  const boundary = `----collecta${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`;

  return {
    payload: Buffer.concat([Buffer.from(head), PDF, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** An issue of the fixture with one attachment. */
interface IssueTarget {
  issueId: string;
  attachmentId: string;
}

/** Every request that reads or changes one issue, its notes or its attachments. */
const requests: Array<{
  name: string;
  method: InjectOptions['method'];
  url: (target: IssueTarget) => string;
  body?: object;
  upload?: boolean;
}> = [
  { name: 'detail', method: 'GET', url: (target) => `/api/issues/${target.issueId}` },
  {
    name: 'change',
    method: 'PATCH',
    url: (target) => `/api/issues/${target.issueId}`,
    body: { status: 'in_progress' },
  },
  {
    name: 'note',
    method: 'POST',
    url: (target) => `/api/issues/${target.issueId}/notes`,
    body: { body: 'Called the buyer.' },
  },
  {
    name: 'resolve',
    method: 'POST',
    url: (target) => `/api/issues/${target.issueId}/resolve`,
    body: { outcome: 'favour_creditor', resolution: 'The quote matches the invoice.' },
  },
  {
    name: 'reject',
    method: 'POST',
    url: (target) => `/api/issues/${target.issueId}/reject`,
    body: { resolution: 'No dispute.' },
  },
  {
    name: 'reopen',
    method: 'POST',
    url: (target) => `/api/issues/${target.issueId}/reopen`,
    body: {},
  },
  {
    name: 'attachment upload',
    method: 'POST',
    url: (target) => `/api/issues/${target.issueId}/attachments`,
    upload: true,
  },
  {
    name: 'attachment download',
    method: 'GET',
    url: (target) => `/api/issues/${target.issueId}/attachments/${target.attachmentId}`,
  },
  {
    name: 'attachment removal',
    method: 'DELETE',
    url: (target) => `/api/issues/${target.issueId}/attachments/${target.attachmentId}`,
  },
];

/** Returns the request called `name` from the table. */
function requestNamed(name: string): (typeof requests)[number] {
  const request = requests.find((item) => item.name === name);
  if (!request) {
    throw new Error(`the table has no request named ${name}`);
  }

  return request;
}

/**
 * The routes that read and change a single issue, under entity scope and
 * tenant isolation. A dispute handler limited to NL01 gets 404 for an issue
 * of BE01, and the administrator of another organisation gets 404 for the
 * issues of both entities. Rejected requests leave the issue, its notes and
 * its attachments as they were.
 */
describe('issue routes across entities and organisations', () => {
  let testDatabase: TestDatabase;
  let fixture: IssueFixture;
  let nlIssue: IssueTarget;
  let beIssue: IssueTarget;

  const send = (session: LoggedIn, request: (typeof requests)[number], target: IssueTarget) => {
    if (request.upload) {
      const body = pdfUpload('evidence.pdf');
      return fixture.server.app.inject({
        method: request.method,
        url: request.url(target),
        headers: { ...session.headers, 'content-type': body.contentType },
        payload: body.payload,
      });
    }
    return requestAs(fixture, session, request.method, request.url(target), request.body);
  };

  /** Registers an issue as the administrator and attaches one PDF to it. */
  const buildIssue = async (body: Record<string, unknown>): Promise<IssueTarget> => {
    const issueId = await registerTestIssue(fixture, fixture.admin, body);
    const attachment = await send(fixture.admin, requestNamed('attachment upload'), {
      issueId,
      attachmentId: '',
    });
    if (attachment.statusCode !== 201) {
      throw new Error(`attaching a file to issue ${issueId} failed: ${attachment.body}`);
    }

    return { issueId, attachmentId: (attachment.json() as { id: string }).id };
  };

  /** Reads the status, notes and attachments of both issues, as stored. */
  const readStoredIssues = () =>
    withOrganisation(testDatabase.database, fixture.organisationId, async (trx) => {
      const ids = [nlIssue.issueId, beIssue.issueId];
      const issues = await trx
        .selectFrom('issues')
        .select(['id', 'status', 'resolution'])
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      const notes = await trx
        .selectFrom('issue_notes')
        .select(['issue_id', 'body'])
        .where('issue_id', 'in', ids)
        .orderBy('issue_id')
        .execute();
      const attachments = await trx
        .selectFrom('issue_attachments')
        .select(['id', 'issue_id'])
        .where('issue_id', 'in', ids)
        .orderBy('id')
        .execute();
      return { issues, notes, attachments };
    });

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    fixture = await buildIssueFixture(testDatabase.database);
    nlIssue = await buildIssue({ description: 'Price issue of NL01' });
    beIssue = await buildIssue({
      entity: 'BE01',
      debtorId: fixture.beDebtor.id,
      description: 'Price issue of BE01',
    });
  }, 120_000);

  afterAll(async () => {
    await fixture.server.app.close();
    await testDatabase.drop();
  });

  it('limited user reads the NL01 issue', async () => {
    const detail = await send(fixture.nlOnly, requestNamed('detail'), nlIssue);
    const download = await send(fixture.nlOnly, requestNamed('attachment download'), nlIssue);

    expect(detail.statusCode).toBe(200);
    expect(download.statusCode).toBe(200);
  });

  it('routes return 401 without a session', async () => {
    const failures: string[] = [];
    for (const request of requests) {
      const response = await fixture.server.app.inject({
        method: request.method,
        url: request.url(beIssue),
      });
      if (response.statusCode !== 401) {
        failures.push(`${request.name}: ${response.statusCode}`);
      }
    }

    expect(failures).toEqual([]);
  });

  it('NL01 user gets 404 for BE01', async () => {
    const before = await readStoredIssues();
    const failures: string[] = [];
    for (const request of requests) {
      const response = await send(fixture.nlOnly, request, beIssue);
      if (response.statusCode !== 404) {
        failures.push(`${request.name}: ${response.statusCode} ${response.body}`);
      }
    }

    expect(failures).toEqual([]);
    expect(await readStoredIssues()).toEqual(before);
  });

  it.each(['nl', 'be'] as const)('other organisation gets 404 for %s', async (side) => {
    const target = side === 'nl' ? nlIssue : beIssue;
    const before = await readStoredIssues();
    const failures: string[] = [];
    for (const request of requests) {
      const response = await send(fixture.otherAdmin, request, target);
      if (response.statusCode !== 404) {
        failures.push(`${request.name}: ${response.statusCode} ${response.body}`);
      }
    }

    expect(failures).toEqual([]);
    expect(await readStoredIssues()).toEqual(before);
  });

  it('other organisation lists none of our assignees', async () => {
    const response = await requestAs(fixture, fixture.otherAdmin, 'GET', '/api/issues/assignees');
    const userIds = (response.json() as { users: Array<{ id: string }> }).users.map(
      (user) => user.id,
    );

    expect(response.statusCode).toBe(200);
    expect(userIds).not.toContain(fixture.users.admin);
    expect(userIds).not.toContain(fixture.users.sales);
  });

  // Runs last: the administrator's requests change the BE01 issue.
  it('administrator gets through on BE01', async () => {
    const statuses: string[] = [];
    for (const name of ['detail', 'note', 'attachment download', 'resolve', 'reopen']) {
      const response = await send(fixture.admin, requestNamed(name), beIssue);
      statuses.push(`${name}: ${response.statusCode}`);
    }

    expect(statuses).toEqual([
      'detail: 200',
      'note: 201',
      'attachment download: 200',
      'resolve: 200',
      'reopen: 200',
    ]);
  });
});
