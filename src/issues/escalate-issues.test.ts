import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/create-user.ts';
import { addDays } from '../dates/plain-date.ts';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { buildDebtor, buildEntity } from '../debtors/test-factories.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { createLogger } from '../logger.ts';
import { startSmtpServer, type TestSmtpServer } from '../messaging/testing/start-smtp-server.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { ESCALATION_ACTOR, escalateIssues } from './escalate-issues.ts';
import {
  ISSUE_NOTIFICATION_JOB,
  issueNotificationPayload,
  queueIssueNotification,
} from './issue-notification.ts';
import { sendIssueNotification } from './send-issue-notification.ts';

const logger = createLogger('silent');
const PUBLIC_URL = 'https://collecta.example.test';

async function waitFor<T>(find: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = find();
    if (found !== undefined) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('condition not met in time');
}

function addressOf(mail: ParsedMail): string | undefined {
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  return to?.value[0]?.address;
}

describe('issue e-mails and escalation', () => {
  let test: TestDatabase;
  let smtp: TestSmtpServer;
  let queue: JobQueue;
  let organisationId: string;
  let entity: Entity;
  let today: string;
  let debtorId: string;
  const users: Record<string, string> = {};
  const categories: Record<string, string> = {};
  const now = new Date();

  const insertIssue = (values: {
    category: string;
    deadline: string;
    assignee?: string;
    status?: 'new' | 'in_progress' | 'resolved';
  }) =>
    withOrganisation(test.database, organisationId, async (trx) => {
      const row = await trx
        .insertInto('issues')
        .values({
          organisation_id: organisationId,
          entity_id: entity.id,
          debtor_id: debtorId,
          category_id: categories[values.category] ?? '',
          assignee_user_id: values.assignee ? (users[values.assignee] ?? null) : null,
          status: values.status ?? 'new',
          description: 'Levering <b>incompleet</b>:\npallet 2 ontbreekt',
          deadline: values.deadline,
          opened_by: 'test',
          ...(values.status === 'resolved'
            ? { closed_on: values.deadline, outcome: 'favour_debtor' as const }
            : {}),
        })
        .returning(['id', 'number'])
        .executeTakeFirstOrThrow();
      return row;
    });
  const escalatedAt = (issueId: string) =>
    withOrganisation(test.database, organisationId, async (trx) => {
      const row = await trx
        .selectFrom('issues')
        .select('escalated_at')
        .where('id', '=', issueId)
        .executeTakeFirstOrThrow();
      return row.escalated_at;
    });
  const mailsAbout = (number: number) =>
    smtp.received.filter((mail) => mail.subject?.includes(` ${number} `));

  beforeAll(async () => {
    test = await createTestDatabase();
    smtp = await startSmtpServer();
    const organisation = await createOrganisation(test.database, {
      live: true,
      slug: 'escalation',
      name: 'Bakker & Zonen',
      actor: 'test',
    });
    organisationId = organisation.id;
    await withOrganisation(test.database, organisationId, async (trx) => {
      entity = await buildEntity(trx, organisationId, { code: 'NL01' });
      today = todayForEntity(entity, now);
      const debtor = await buildDebtor(trx, entity, {
        number: 'D-100',
        name: 'Jansen <Groothandel> & Co',
      });
      debtorId = debtor.id;
      for (const [username, language, group] of [
        ['henk', 'nl', 'dispute-handler'],
        ['erik', 'en', 'manager'],
        ['anna', 'de', 'administrator'],
      ] as const) {
        const user = await createUser(trx, {
          organisationId,
          actor: 'test',
          username,
          email: `${username}@example.test`,
          name: username === 'henk' ? 'Henk de Vries' : username,
          language,
          password: undefined,
          group,
        });
        users[username] = user.id;
      }
      const process = await trx
        .insertInto('business_processes')
        .values({ organisation_id: organisationId, name: 'Sales' })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [name, escalation] of [
        ['Invoice not received', { escalation_user_id: users.erik ?? null }],
        ['Address wrong', { escalation_email: 'escalations@example.test' }],
        ['Service not delivered', {}],
      ] as const) {
        const category = await trx
          .insertInto('issue_categories')
          .values({
            organisation_id: organisationId,
            process_id: process.id,
            name,
            names: JSON.stringify({ nl: `NL ${name}` }),
            days_to_resolve: 5,
            ...escalation,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        categories[name] = category.id;
      }
    });

    queue = await JobQueue.start(test.database, logger, {
      schedule: false,
      queues: [ISSUE_NOTIFICATION_JOB],
    });
    const config = {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      smtpFrom: 'Collecta <collecta@example.test>',
      publicUrl: PUBLIC_URL,
    };
    await queue.register({
      name: ISSUE_NOTIFICATION_JOB,
      payload: issueNotificationPayload,
      retryLimit: 0,
      retryDelaySeconds: 1,
      handle: (payload, context) =>
        sendIssueNotification({ config, database: test.database }, payload, context),
    });
  }, 180_000);

  afterAll(async () => {
    await queue.stop();
    await smtp.close();
    await test.drop();
  });

  it('assignee e-mail is in Dutch for a Dutch user', async () => {
    const deadline = addDays(today, 3);
    const issue = await insertIssue({
      category: 'Invoice not received',
      deadline,
      assignee: 'henk',
    });
    await withOrganisation(test.database, organisationId, (trx) =>
      queueIssueNotification(queue, trx, {
        organisationId,
        issueId: issue.id,
        kind: 'assigned',
        recipientUserId: users.henk ?? '',
      }),
    );
    const mail = await waitFor(() => mailsAbout(issue.number)[0]);
    const longDeadline = new Intl.DateTimeFormat('nl', {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(Date.parse(`${deadline}T00:00:00Z`));

    expect(addressOf(mail)).toBe('henk@example.test');
    expect(mail.subject).toBe(
      `Geschil ${issue.number} is aan u toegewezen: Jansen <Groothandel> & Co`,
    );
    expect(mail.headers.get('content-language')).toBe('nl');
    expect(mail.text).toContain('Beste Henk de Vries,');
    expect(mail.text).toContain(`Geschil ${issue.number} van Bakker & Zonen is aan u toegewezen.`);
    expect(mail.text).toContain('Debiteur: Jansen <Groothandel> & Co (D-100)');
    expect(mail.text).toContain('Categorie: NL Invoice not received');
    expect(mail.text).toContain(`Deadline: ${longDeadline}`);
    expect(mail.text).toContain('Omschrijving: Levering <b>incompleet</b>:\npallet 2 ontbreekt');
    expect(mail.text).toContain(`${PUBLIC_URL}/issues/${issue.id}`);
    expect(mail.html).toContain('Jansen &lt;Groothandel&gt; &amp; Co (D-100)');
    expect(mail.html).toContain('Levering &lt;b&gt;incompleet&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>incompleet');
    expect(mail.html).toContain(`<a href="${PUBLIC_URL}/issues/${issue.id}">`);
  });

  it('assigned e-mail is dropped after reassignment', async () => {
    const issue = await insertIssue({
      category: 'Invoice not received',
      deadline: addDays(today, 3),
      assignee: 'erik',
    });
    const result = await sendIssueNotification(
      {
        config: {
          smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
          smtpFrom: 'x <x@example.test>',
          publicUrl: PUBLIC_URL,
        },
        database: test.database,
      },
      { organisationId, issueId: issue.id, kind: 'assigned', recipientUserId: users.henk ?? '' },
      { jobId: 'direct', logger },
    );

    expect(result).toEqual({
      sent: false,
      reason: 'the issue is assigned to someone else by now',
    });
  });

  it('escalation marks and mails exactly once', async () => {
    const late = await insertIssue({
      category: 'Invoice not received',
      deadline: addDays(today, -1),
    });
    const first = await escalateIssues(test.database, { now, logger, jobQueue: queue });
    const second = await escalateIssues(test.database, { now, logger, jobQueue: queue });
    const mail = await waitFor(() => mailsAbout(late.number)[0]);
    // Time for a second, wrongly queued e-mail to arrive too.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const events = await withOrganisation(test.database, organisationId, (trx) =>
      trx
        .selectFrom('issue_events')
        .select(['kind', 'actor'])
        .where('issue_id', '=', late.id)
        .execute(),
    );
    const audit = await withOrganisation(test.database, organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'entity_id'])
        .where('subject_id', '=', late.id)
        .execute(),
    );

    expect(first).toEqual({ escalated: 1, failed: 0 });
    expect(second).toEqual({ escalated: 0, failed: 0 });
    expect(await escalatedAt(late.id)).not.toBeNull();
    expect(events).toEqual([{ kind: 'escalated', actor: ESCALATION_ACTOR }]);
    expect(audit).toEqual([{ action: 'issue.escalated', entity_id: entity.id }]);
    expect(mailsAbout(late.number)).toHaveLength(1);
    expect(addressOf(mail)).toBe('erik@example.test');
    expect(mail.subject).toBe(
      `Issue ${late.number} is past its deadline: Jansen <Groothandel> & Co`,
    );
    expect(mail.text).toContain('was not resolved by its deadline');
    expect(mail.text).toContain('Category: Invoice not received');
  });

  it('issue before its deadline is not escalated', async () => {
    const onTime = await insertIssue({ category: 'Invoice not received', deadline: today });
    const later = await insertIssue({
      category: 'Invoice not received',
      deadline: addDays(today, 10),
    });
    const closed = await insertIssue({
      category: 'Invoice not received',
      deadline: addDays(today, -4),
      status: 'resolved',
    });
    await escalateIssues(test.database, { now, logger, jobQueue: queue });

    expect(await escalatedAt(onTime.id)).toBeNull();
    expect(await escalatedAt(later.id)).toBeNull();
    expect(await escalatedAt(closed.id)).toBeNull();
  });

  it('escalation falls back to the address, then administrators', async () => {
    const toAddress = await insertIssue({
      category: 'Address wrong',
      deadline: addDays(today, -2),
    });
    const toAdministrators = await insertIssue({
      category: 'Service not delivered',
      deadline: addDays(today, -2),
    });
    const result = await escalateIssues(test.database, { now, logger, jobQueue: queue });
    const addressMail = await waitFor(() => mailsAbout(toAddress.number)[0]);
    const administratorMail = await waitFor(() => mailsAbout(toAdministrators.number)[0]);

    expect(result).toEqual({ escalated: 2, failed: 0 });
    expect(addressOf(addressMail)).toBe('escalations@example.test');
    // An address that is no user gets the entity's language, Dutch for NL01.
    expect(addressMail.subject).toContain(`Geschil ${toAddress.number} is over de deadline`);
    expect(addressMail.text).toContain('Beste collega,');
    expect(addressOf(administratorMail)).toBe('anna@example.test');
    // Anna's language is German, for which no text exists, so she reads English.
    expect(administratorMail.subject).toContain(`Issue ${toAdministrators.number} is past`);
  });

  it('organisation not live is not escalated', async () => {
    const late = await insertIssue({
      category: 'Invoice not received',
      deadline: addDays(today, -3),
    });
    await test.database.db
      .updateTable('organisations')
      .set({ live_since: null })
      .where('id', '=', organisationId)
      .execute();
    const result = await escalateIssues(test.database, { now, logger, jobQueue: queue });

    expect(result).toEqual({ escalated: 0, failed: 0 });
    expect(await escalatedAt(late.id)).toBeNull();
  });
});
