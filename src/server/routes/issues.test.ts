import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSendingCalendar } from '../../calendar/sending-days.ts';
import { addDays } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { issueDeadline } from '../../issues/issue-deadline.ts';
import { ISSUE_NOTIFICATION_JOB } from '../../issues/issue-notification.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import {
  buildIssueFixture,
  registerTestIssue,
  requestAs,
  type IssueFixture,
} from '../testing/issue-fixture.ts';

interface HistoryEvent {
  kind: string;
  actor: { actor: string; name: string };
  details: { before?: Record<string, unknown>; after?: Record<string, unknown> };
}

describe('issue routes', () => {
  let testDatabase: TestDatabase;
  let fixture: IssueFixture;

  const as = (session: keyof Pick<IssueFixture, 'admin' | 'manager' | 'sales'>) => ({
    get: (url: string) => requestAs(fixture, fixture[session], 'GET', url),
    post: (url: string, payload?: object) =>
      requestAs(fixture, fixture[session], 'POST', url, payload ?? {}),
    patch: (url: string, payload: object) =>
      requestAs(fixture, fixture[session], 'PATCH', url, payload),
  });
  const register = (body: Record<string, unknown>) =>
    as('admin').post('/api/issues', {
      entity: 'NL01',
      debtorId: fixture.debtor.id,
      invoiceIds: [],
      categoryId: fixture.categories.price,
      description: 'Price differs from the quote',
      ...body,
    });
  const auditActions = (issueId: string) =>
    withOrganisation(testDatabase.database, fixture.organisationId, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'entity_id'])
        .where('subject_type', '=', 'issue')
        .where('subject_id', '=', issueId)
        .orderBy('occurred_at')
        .execute(),
    );
  const nlToday = () => todayForEntity({ time_zone: 'Europe/Amsterdam' }, new Date());

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    fixture = await buildIssueFixture(testDatabase.database);
  }, 120_000);

  afterAll(async () => {
    await fixture.server.app.close();
    await testDatabase.drop();
  });

  it('registers an issue on two invoices', async () => {
    const response = await register({
      invoiceIds: [fixture.invoices.first, fixture.invoices.second],
    });
    const body = response.json();

    expect(response.statusCode).toBe(201);
    expect(body).toMatchObject({
      number: expect.any(Number),
      entityCode: 'NL01',
      status: 'new',
      source: 'user',
      debtor: { id: fixture.debtor.id, number: '1001', name: 'Acme Trading BV' },
      category: {
        id: fixture.categories.price,
        name: 'Price',
        names: { nl: 'Price (nl)' },
        processName: 'Disputes',
        pausesDunning: true,
        daysToResolve: 10,
        dayKind: 'calendar',
        resumeAfterDays: 7,
      },
      department: { id: fixture.departments.sales, name: 'Sales' },
      assignee: null,
      description: 'Price differs from the quote',
      openedBy: { actor: fixture.users.admin, name: 'issue-admin' },
      closedOn: null,
      overdue: false,
      escalated: false,
      wholeDebtor: false,
      invoiceCount: 2,
      currency: 'EUR',
      openTotal: '1250.50',
      outcome: null,
      resumesOn: null,
      notes: [],
      attachments: [],
    });
    expect(body.openedOn).toBe(nlToday());
    expect(body.deadline).toBe(addDays(body.openedOn, 10));
    expect(body.invoices.map((invoice: { number: string }) => invoice.number)).toEqual([
      'INV-1',
      'INV-2',
    ]);
    expect(body.invoices[1]).toEqual({
      id: fixture.invoices.second,
      number: 'INV-2',
      invoiceDate: '2025-01-01',
      dueDate: '2025-04-01',
      currency: 'EUR',
      amount: '250.50',
      open: '250.50',
    });
    expect(body.history.map((event: HistoryEvent) => event.kind)).toEqual(['created']);
    expect(await auditActions(body.id)).toEqual([
      { action: 'issue.created', entity_id: expect.any(String) },
    ]);
  });

  it('registers an issue on the whole debtor', async () => {
    const response = await register({ invoiceIds: [] });
    const body = response.json();

    expect(response.statusCode).toBe(201);
    expect(body.wholeDebtor).toBe(true);
    expect(body.invoiceCount).toBe(2);
    expect(body.openTotal).toBe('1250.50');
    expect(body.invoices.map((invoice: { number: string }) => invoice.number)).toEqual([
      'INV-1',
      'INV-2',
    ]);
  });

  it('counts working days for the deadline', async () => {
    const response = await register({ categoryId: fixture.categories.delivery });
    const body = response.json();
    const calendar = await withOrganisation(
      testDatabase.database,
      fixture.organisationId,
      async (trx) => {
        const entity = await trx
          .selectFrom('entities')
          .select('id')
          .where('code', '=', 'NL01')
          .executeTakeFirstOrThrow();
        return loadSendingCalendar(trx, {
          organisationId: fixture.organisationId,
          entityId: entity.id,
        });
      },
    );

    expect(response.statusCode).toBe(201);
    expect(body.department).toEqual({ id: fixture.departments.distribution, name: 'Distribution' });
    expect(body.deadline).toBe(
      issueDeadline(body.openedOn, { daysToResolve: 5, dayKind: 'working' }, calendar),
    );
    expect(body.deadline > addDays(body.openedOn, 5)).toBe(true);
  });

  it('registration rejects an invoice of another debtor', async () => {
    const response = await register({
      invoiceIds: [fixture.invoices.first, fixture.invoices.otherDebtor],
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'invoiceIds: invoice INV-9 belongs to another debtor than 1001; register one issue per debtor.',
    );
  });

  it('registration rejects a closed invoice', async () => {
    const response = await register({ invoiceIds: [fixture.invoices.closed] });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('invoiceIds: invoice INV-3 is not open');
  });

  it('registration rejects an invoice of another entity', async () => {
    const response = await register({ invoiceIds: [fixture.invoices.be] });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      `invoiceIds: invoice ${fixture.invoices.be} does not exist in entity NL01`,
    );
  });

  it('registration rejects a debtor of another entity', async () => {
    const response = await register({ debtorId: fixture.beDebtor.id });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(
      `debtorId: debtor ${fixture.beDebtor.id} does not exist in entity NL01`,
    );
  });

  it('registration rejects an archived category', async () => {
    const response = await register({ categoryId: fixture.categories.archived });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'categoryId: category "Old" is archived; choose a category that is not archived.',
    );
  });

  it('registration rejects an assignee without issues.manage', async () => {
    const response = await register({ assigneeUserId: fixture.users.reader });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('assigneeUserId: User issue-auditor cannot');
  });

  it('registration rejects a blank description', async () => {
    const blank = await register({ description: '  ' });
    const empty = await register({ description: '' });

    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toContain(
      'description: describe the issue; it may not be empty.',
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain(
      'description: describe the issue; it may not be empty.',
    );
  });

  it('registration rejects an unknown field', async () => {
    const response = await register({ deadline: addDays(nlToday(), 5) });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('unknown field "deadline"');
    expect(response.json().error.message).toContain('PATCH /api/issues/:id');
  });

  it('registration rejects an unknown entity', async () => {
    const response = await register({ entity: 'XX99' });

    expect(response.statusCode).toBe(404);
  });

  it('status flow writes one event per change', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});

    const started = await as('admin').patch(`/api/issues/${id}`, { status: 'in_progress' });
    const waiting = await as('admin').patch(`/api/issues/${id}`, {
      status: 'waiting_for_debtor',
      description: 'Waiting for the signed delivery note',
    });
    const unchanged = await as('admin').patch(`/api/issues/${id}`, {
      status: 'waiting_for_debtor',
    });

    expect(started.statusCode).toBe(200);
    expect(started.json().status).toBe('in_progress');
    expect(waiting.json()).toMatchObject({
      status: 'waiting_for_debtor',
      description: 'Waiting for the signed delivery note',
    });
    const history: HistoryEvent[] = unchanged.json().history;
    expect(history.map((event) => event.kind)).toEqual([
      'created',
      'status_changed',
      'status_changed',
      'description_changed',
    ]);
    expect(history[2]?.details).toEqual({
      before: { status: 'in_progress' },
      after: { status: 'waiting_for_debtor' },
    });
    // Audit events of one transaction share its timestamp, so only their set is compared.
    expect((await auditActions(id)).map((event) => event.action).sort()).toEqual([
      'issue.created',
      'issue.description_changed',
      'issue.status_changed',
      'issue.status_changed',
    ]);
  });

  it('PATCH rejects a closed status', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const resolved = await as('admin').patch(`/api/issues/${id}`, { status: 'resolved' });
    const rejected = await as('admin').patch(`/api/issues/${id}`, { status: 'rejected' });

    expect(resolved.statusCode).toBe(400);
    expect(resolved.json().error.message).toContain(
      'status: resolved closes the issue, which PATCH cannot do; use POST /api/issues/:id/resolve',
    );
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().error.message).toContain('POST /api/issues/:id/reject');
  });

  it('PATCH rejects an unknown field', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const response = await as('admin').patch(`/api/issues/${id}`, {
      deadLine: addDays(nlToday(), 5),
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('unknown field "deadLine"');
  });

  it('category change recomputes the deadline', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const response = await as('admin').patch(`/api/issues/${id}`, {
      categoryId: fixture.categories.delivery,
    });
    const body = response.json();
    const event = (body.history as HistoryEvent[]).at(-1);

    expect(response.statusCode).toBe(200);
    expect(body.category.name).toBe('Delivery');
    expect(body.deadline).not.toBe(addDays(body.openedOn, 10));
    expect(event?.kind).toBe('category_changed');
    expect(event?.details).toEqual({
      before: { categoryId: fixture.categories.price, deadline: addDays(body.openedOn, 10) },
      after: { categoryId: fixture.categories.delivery, deadline: body.deadline },
    });
  });

  it('PATCH sets the deadline by hand', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const deadline = addDays(nlToday(), 30);
    const response = await as('admin').patch(`/api/issues/${id}`, { deadline });
    const early = await as('admin').patch(`/api/issues/${id}`, {
      deadline: addDays(nlToday(), -1),
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().deadline).toBe(deadline);
    expect((response.json().history as HistoryEvent[]).at(-1)?.kind).toBe('deadline_changed');
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toBe(
      `deadline: ${addDays(nlToday(), -1)} is before the registration date ${nlToday()}; choose a date from ${nlToday()} to ${addDays(nlToday(), 366)}.`,
    );
  });

  it('PATCH limits the deadline to a year ahead', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const latest = addDays(nlToday(), 366);
    const tooLate = await as('admin').patch(`/api/issues/${id}`, {
      deadline: addDays(latest, 1),
    });
    const last = await as('admin').patch(`/api/issues/${id}`, { deadline: latest });

    expect(tooLate.statusCode).toBe(400);
    expect(tooLate.json().error.message).toBe(
      `deadline: ${addDays(latest, 1)} is more than 366 days after today (${nlToday()}); choose a date from ${nlToday()} to ${latest}.`,
    );
    expect(last.statusCode).toBe(200);
    expect(last.json().deadline).toBe(latest);
  });

  it('PATCH changes the invoices', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {
      invoiceIds: [fixture.invoices.first],
    });
    const both = await as('admin').patch(`/api/issues/${id}`, {
      invoiceIds: [fixture.invoices.first, fixture.invoices.second],
    });
    const whole = await as('admin').patch(`/api/issues/${id}`, { invoiceIds: [] });
    const foreign = await as('admin').patch(`/api/issues/${id}`, {
      invoiceIds: [fixture.invoices.otherDebtor],
    });

    expect(both.json()).toMatchObject({ wholeDebtor: false, invoiceCount: 2 });
    expect(whole.json()).toMatchObject({ wholeDebtor: true, invoiceCount: 2 });
    expect(
      (whole.json().history as HistoryEvent[]).filter((event) => event.kind === 'invoices_changed'),
    ).toHaveLength(2);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toContain('register one issue per debtor');
  });

  it('resolve, reopen and reject', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});

    const resolved = await as('admin').post(`/api/issues/${id}/resolve`, {
      outcome: 'partly',
      creditNoteExpected: true,
      resolution: 'Credit note for half the price difference',
    });
    const patchClosed = await as('admin').patch(`/api/issues/${id}`, { status: 'in_progress' });
    const resolveAgain = await as('admin').post(`/api/issues/${id}/resolve`, {
      outcome: 'partly',
      resolution: 'again',
    });
    const reopened = await as('admin').post(`/api/issues/${id}/reopen`);
    const reopenOpen = await as('admin').post(`/api/issues/${id}/reopen`);
    const rejected = await as('admin').post(`/api/issues/${id}/reject`, {
      resolution: 'The quote was not signed',
    });

    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      outcome: 'partly',
      creditNoteExpected: true,
      resolution: 'Credit note for half the price difference',
      closedOn: nlToday(),
      resumesOn: addDays(nlToday(), 7),
    });
    expect(patchClosed.statusCode).toBe(409);
    expect(patchClosed.json().error.message).toContain('reopen it');
    expect(resolveAgain.statusCode).toBe(409);
    expect(reopened.json()).toMatchObject({
      status: 'in_progress',
      closedOn: null,
      outcome: null,
      creditNoteExpected: false,
      resumesOn: null,
    });
    expect(reopenOpen.statusCode).toBe(409);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      outcome: null,
      resolution: 'The quote was not signed',
      closedOn: nlToday(),
    });
    const history: HistoryEvent[] = rejected.json().history;
    expect(history.map((event) => event.kind)).toEqual([
      'created',
      'resolved',
      'reopened',
      'rejected',
    ]);
    expect(history[2]?.details.before).toMatchObject({ status: 'resolved', outcome: 'partly' });
  });

  it('resolve needs an outcome and a resolution', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const withoutOutcome = await as('admin').post(`/api/issues/${id}/resolve`, {
      resolution: 'Done',
    });
    const withoutText = await as('admin').post(`/api/issues/${id}/reject`, { resolution: '' });

    expect(withoutOutcome.statusCode).toBe(400);
    expect(withoutOutcome.json().error.message).toContain('outcome');
    expect(withoutText.statusCode).toBe(400);
    expect(withoutText.json().error.message).toContain('resolution');
  });

  it('notes keep their order and sharing', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const internal = await as('admin').post(`/api/issues/${id}/notes`, { body: 'Called sales' });
    const shared = await as('admin').post(`/api/issues/${id}/notes`, {
      body: 'We are checking the price',
      sharedWithDebtor: true,
    });
    const empty = await as('admin').post(`/api/issues/${id}/notes`, { body: '' });
    const detail = (await as('admin').get(`/api/issues/${id}`)).json();

    expect(internal.statusCode).toBe(201);
    expect(internal.json()).toMatchObject({
      body: 'Called sales',
      sharedWithDebtor: false,
      createdBy: { actor: fixture.users.admin, name: 'issue-admin' },
    });
    expect(shared.json().sharedWithDebtor).toBe(true);
    expect(empty.statusCode).toBe(400);
    expect(detail.notes.map((note: { body: string }) => note.body)).toEqual([
      'Called sales',
      'We are checking the price',
    ]);
    expect(detail.history.map((event: HistoryEvent) => event.kind)).toEqual([
      'created',
      'note_added',
      'note_added',
    ]);
  });

  it('history lists events oldest first', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, {});
    await as('admin').post(`/api/issues/${id}/notes`, { body: 'First' });
    await as('admin').patch(`/api/issues/${id}`, { status: 'in_progress' });
    await as('admin').post(`/api/issues/${id}/notes`, { body: 'Second' });
    await as('admin').post(`/api/issues/${id}/resolve`, {
      outcome: 'favour_creditor',
      resolution: 'Price was right',
    });
    const history: Array<HistoryEvent & { createdAt: string }> = (
      await as('admin').get(`/api/issues/${id}`)
    ).json().history;

    expect(history.map((event) => event.kind)).toEqual([
      'created',
      'note_added',
      'status_changed',
      'note_added',
      'resolved',
    ]);
    const times = history.map((event) => event.createdAt);
    expect([...times].sort()).toEqual(times);
    expect(history[1]?.details.after).toMatchObject({ body: 'First' });
  });

  it('list filters and orders by deadline', async () => {
    const soon = await registerTestIssue(fixture, fixture.admin, {
      debtorId: fixture.otherDebtor.id,
      description: 'Filter test soon',
    });
    const late = await registerTestIssue(fixture, fixture.admin, {
      debtorId: fixture.otherDebtor.id,
      description: 'Filter test late',
    });
    await as('admin').patch(`/api/issues/${late}`, { deadline: addDays(nlToday(), 200) });
    await as('admin').patch(`/api/issues/${soon}`, { deadline: addDays(nlToday(), 1) });
    const closed = await registerTestIssue(fixture, fixture.admin, {
      debtorId: fixture.otherDebtor.id,
      description: 'Filter test closed',
    });
    await as('admin').post(`/api/issues/${closed}/reject`, { resolution: 'Not a dispute' });

    const open = (await as('admin').get(`/api/issues?debtorId=${fixture.otherDebtor.id}`)).json();
    const all = (
      await as('admin').get(`/api/issues?debtorId=${fixture.otherDebtor.id}&status=all`)
    ).json();
    const rejected = (
      await as('admin').get(`/api/issues?debtorId=${fixture.otherDebtor.id}&status=rejected`)
    ).json();
    const searched = (await as('admin').get('/api/issues?q=filter%20test%20LATE')).json();
    const paged = (
      await as('admin').get(`/api/issues?debtorId=${fixture.otherDebtor.id}&limit=1&offset=1`)
    ).json();
    const list = await as('admin').get('/api/issues');
    const ordered = list.json().issues.map((issue: { deadline: string }) => issue.deadline);

    expect(open.issues.map((issue: { id: string }) => issue.id)).toEqual([soon, late]);
    expect(open.total).toBe(2);
    expect(all.total).toBe(3);
    expect(rejected.issues.map((issue: { id: string }) => issue.id)).toEqual([closed]);
    expect(searched.issues.map((issue: { id: string }) => issue.id)).toEqual([late]);
    expect(paged.issues.map((issue: { id: string }) => issue.id)).toEqual([late]);
    expect(paged.total).toBe(2);
    expect([...ordered].sort()).toEqual(ordered);
  });

  it('list filters by department, category and assignee', async () => {
    const assigned = await registerTestIssue(fixture, fixture.admin, {
      categoryId: fixture.categories.delivery,
      assigneeUserId: fixture.users.manager,
      description: 'Assigned to the manager',
    });
    const byDepartment = (
      await as('admin').get(`/api/issues?departmentId=${fixture.departments.distribution}`)
    ).json();
    const byCategory = (
      await as('admin').get(`/api/issues?categoryId=${fixture.categories.delivery}`)
    ).json();
    const mine = (await as('manager').get('/api/issues?assignee=me')).json();
    const byUser = (await as('admin').get(`/api/issues?assignee=${fixture.users.manager}`)).json();
    const unassigned = (await as('admin').get('/api/issues?assignee=none')).json();

    expect(
      byDepartment.issues.every(
        (issue: { department: { name: string } }) => issue.department.name === 'Distribution',
      ),
    ).toBe(true);
    expect(byCategory.issues.map((issue: { id: string }) => issue.id)).toContain(assigned);
    expect(mine.issues.map((issue: { id: string }) => issue.id)).toEqual([assigned]);
    expect(byUser.issues.map((issue: { id: string }) => issue.id)).toEqual([assigned]);
    expect(unassigned.issues.map((issue: { id: string }) => issue.id)).not.toContain(assigned);
    expect(unassigned.total).toBeGreaterThan(0);
  });

  it('list finds overdue and escalated issues', async () => {
    const overdue = await registerTestIssue(fixture, fixture.admin, {
      description: 'Overdue and escalated',
    });
    await withOrganisation(testDatabase.database, fixture.organisationId, (trx) =>
      trx
        .updateTable('issues')
        .set({ deadline: addDays(nlToday(), -3), escalated_at: new Date() })
        .where('id', '=', overdue)
        .execute(),
    );

    const overdueList = (await as('admin').get('/api/issues?overdue=true')).json();
    const escalatedList = (await as('admin').get('/api/issues?escalated=true')).json();

    expect(overdueList.issues.map((issue: { id: string }) => issue.id)).toEqual([overdue]);
    expect(overdueList.issues[0]).toMatchObject({ overdue: true, escalated: true });
    expect(escalatedList.issues.map((issue: { id: string }) => issue.id)).toEqual([overdue]);
  });

  it('later deadline clears the escalation', async () => {
    const id = await registerTestIssue(fixture, fixture.admin, { description: 'Escalated once' });
    await withOrganisation(testDatabase.database, fixture.organisationId, (trx) =>
      trx
        .updateTable('issues')
        .set({
          opened_on: addDays(nlToday(), -20),
          deadline: addDays(nlToday(), -2),
          escalated_at: new Date(),
        })
        .where('id', '=', id)
        .execute(),
    );
    const stillPast = await as('admin').patch(`/api/issues/${id}`, {
      deadline: addDays(nlToday(), -1),
    });
    const moved = await as('admin').patch(`/api/issues/${id}`, {
      deadline: addDays(nlToday(), 5),
    });

    expect(stillPast.json()).toMatchObject({ escalated: true, overdue: true });
    expect(moved.json()).toMatchObject({ escalated: false, overdue: false });
  });

  it('assignment to another user queues a notification', async () => {
    const before = fixture.jobs.length;
    const id = await registerTestIssue(fixture, fixture.admin, {
      assigneeUserId: fixture.users.sales,
    });
    const registered = fixture.jobs.slice(before);
    const reassigned = await as('admin').patch(`/api/issues/${id}`, {
      assigneeUserId: fixture.users.distribution,
    });
    const afterReassign = fixture.jobs.slice(before + registered.length);

    expect(registered).toEqual([
      {
        name: ISSUE_NOTIFICATION_JOB,
        payload: {
          organisationId: fixture.organisationId,
          issueId: id,
          kind: 'assigned',
          recipientUserId: fixture.users.sales,
        },
        inTransaction: true,
      },
    ]);
    expect(reassigned.json().assignee).toEqual({
      id: fixture.users.distribution,
      name: 'User issue-distribution',
    });
    expect(afterReassign.map((job) => job.payload)).toEqual([
      expect.objectContaining({ recipientUserId: fixture.users.distribution }),
    ]);
    const event = (reassigned.json().history as HistoryEvent[]).at(-1);
    expect(event?.kind).toBe('assigned');
    expect(event?.details).toEqual({
      before: { departmentId: fixture.departments.sales, assigneeUserId: fixture.users.sales },
      after: {
        departmentId: fixture.departments.sales,
        assigneeUserId: fixture.users.distribution,
      },
    });
  });

  it('assigning oneself queues no notification', async () => {
    const before = fixture.jobs.length;
    const id = await registerTestIssue(fixture, fixture.admin, {});
    const response = await as('admin').patch(`/api/issues/${id}`, {
      assigneeUserId: fixture.users.admin,
    });
    const unassigned = await as('admin').patch(`/api/issues/${id}`, { assigneeUserId: null });

    expect(response.json().assignee).toEqual({ id: fixture.users.admin, name: 'issue-admin' });
    expect(unassigned.json().assignee).toBeNull();
    expect(fixture.jobs.slice(before)).toEqual([]);
  });

  it('failed registration queues nothing', async () => {
    const before = fixture.jobs.length;
    const response = await register({
      assigneeUserId: fixture.users.sales,
      invoiceIds: [fixture.invoices.otherDebtor],
    });

    expect(response.statusCode).toBe(400);
    expect(fixture.jobs.slice(before)).toEqual([]);
  });

  it('categories list leaves out archived ones', async () => {
    const response = await as('sales').get('/api/issues/categories');
    const names = response.json().map((category: { name: string }) => category.name);

    expect(response.statusCode).toBe(200);
    expect(names).toEqual(['Delivery', 'Price']);
    expect(response.json()[1]).toEqual({
      id: fixture.categories.price,
      processId: expect.any(String),
      processName: 'Disputes',
      processNames: { nl: 'Geschillen' },
      name: 'Price',
      names: { nl: 'Price (nl)' },
      pausesDunning: true,
      daysToResolve: 10,
      dayKind: 'calendar',
      departmentId: fixture.departments.sales,
      assigneeUserId: null,
      portalSelectable: false,
    });
  });

  it('assignees list users who manage issues', async () => {
    const response = await as('sales').get('/api/issues/assignees');
    const body = response.json();
    const userIds = body.users.map((user: { id: string }) => user.id);

    expect(response.statusCode).toBe(200);
    expect(body.departments.map((department: { name: string }) => department.name)).toContain(
      'Distribution',
    );
    expect(userIds).toContain(fixture.users.sales);
    expect(userIds).toContain(fixture.users.manager);
    expect(userIds).not.toContain(fixture.users.reader);
    expect(body.users).toContainEqual({
      id: fixture.users.sales,
      name: 'User issue-sales',
      departmentId: fixture.departments.sales,
    });
  });

  it('unknown issue returns 404', async () => {
    const response = await as('admin').get(`/api/issues/${randomUUID()}`);

    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});
