import type { DatabaseHandle } from '../db/database.ts';
import { OPEN_ISSUE_STATUSES } from '../db/schema.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logger.ts';
import { queueIssueNotification, type IssueNotification } from './issue-notification.ts';
import { recordIssueEvent } from './record-issue-event.ts';

/** The job that escalates the issues past their deadline; the scheduler runs it every hour. */
export const ESCALATE_ISSUES_JOB = 'escalate-issues';

export const ESCALATION_ACTOR = 'system:escalation';

type Recipient = Pick<IssueNotification, 'recipientUserId' | 'recipientEmail'>;

/**
 * Escalates every open issue of every live organisation whose deadline lies
 * before its entity's local today at `now` and that was never escalated.
 * Each issue escalates in its own transaction: it sets escalated_at, writes
 * the event 'escalated' and its audit event, and queues an 'escalated'
 * e-mail to the category's escalation user, else its escalation address,
 * else every active administrator of the organisation. The update only
 * takes rows whose escalated_at is still null, so an issue escalates once
 * even when runs overlap. A failing issue is logged and counted, and the
 * others go on.
 */
export async function escalateIssues(
  database: DatabaseHandle,
  params: { now: Date; logger: Logger; jobQueue: Pick<JobQueue, 'send'> | undefined },
): Promise<{ escalated: number; failed: number }> {
  const organisations = await database.db
    .selectFrom('organisations')
    .select('id')
    .where('live_since', 'is not', null)
    .execute();
  const totals = { escalated: 0, failed: 0 };

  for (const organisation of organisations) {
    const candidates = await withOrganisation(database, organisation.id, async (trx) => {
      const entities = await trx.selectFrom('entities').select(['id', 'time_zone']).execute();
      const found: Array<{ id: string; today: string }> = [];
      for (const entity of entities) {
        const today = todayForEntity(entity, params.now);
        const issues = await trx
          .selectFrom('issues')
          .select('id')
          .where('entity_id', '=', entity.id)
          .where('status', 'in', OPEN_ISSUE_STATUSES)
          .where('escalated_at', 'is', null)
          .where('deadline', '<', today)
          .orderBy('deadline')
          .orderBy('number')
          .execute();
        found.push(...issues.map((issue) => ({ id: issue.id, today })));
      }
      return found;
    });

    for (const candidate of candidates) {
      const logger = params.logger.child({
        organisationId: organisation.id,
        issueId: candidate.id,
      });
      try {
        const escalated = await withOrganisation(database, organisation.id, (trx) =>
          escalateIssue(trx, { ...params, organisationId: organisation.id, ...candidate }),
        );
        if (escalated) {
          totals.escalated += 1;
          logger.info('issue escalated');
        }
      } catch (error) {
        totals.failed += 1;
        logger.error({ err: error }, 'issue escalation failed');
      }
    }
  }

  return totals;
}

/** Escalates one issue in the caller's transaction; false when another run has done so already. */
async function escalateIssue(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    id: string;
    today: string;
    now: Date;
    jobQueue: Pick<JobQueue, 'send'> | undefined;
  },
): Promise<boolean> {
  const issue = await trx
    .updateTable('issues')
    .set({ escalated_at: params.now, updated_at: params.now })
    .where('id', '=', params.id)
    .where('escalated_at', 'is', null)
    .where('status', 'in', OPEN_ISSUE_STATUSES)
    .where('deadline', '<', params.today)
    .returning(['id', 'entity_id', 'category_id', 'deadline'])
    .executeTakeFirst();
  if (!issue) {
    return false;
  }

  const recipients = await escalationRecipients(trx, issue.category_id);
  await recordIssueEvent(trx, {
    organisationId: params.organisationId,
    actor: ESCALATION_ACTOR,
    issue,
    kind: 'escalated',
    after: {
      escalatedAt: params.now.toISOString(),
      deadline: issue.deadline,
      today: params.today,
      recipients,
    },
  });
  for (const recipient of recipients) {
    await queueIssueNotification(params.jobQueue, trx, {
      organisationId: params.organisationId,
      issueId: issue.id,
      kind: 'escalated',
      ...recipient,
    });
  }

  return true;
}

/** Returns the category's escalation user, else its escalation address, else the active administrators. */
async function escalationRecipients(
  trx: TenantTransaction,
  categoryId: string,
): Promise<Recipient[]> {
  const category = await trx
    .selectFrom('issue_categories as c')
    .leftJoin('users as u', (join) =>
      join.onRef('u.id', '=', 'c.escalation_user_id').on('u.is_active', '=', true),
    )
    .select(['u.id as user_id', 'c.escalation_email'])
    .where('c.id', '=', categoryId)
    .executeTakeFirst();
  if (category?.user_id) {
    return [{ recipientUserId: category.user_id }];
  }
  if (category?.escalation_email) {
    return [{ recipientEmail: category.escalation_email }];
  }
  const administrators = await trx
    .selectFrom('users as u')
    .innerJoin('user_groups as g', 'g.id', 'u.group_id')
    .select('u.id')
    .where('g.slug', '=', 'administrator')
    .where('u.is_active', '=', true)
    .orderBy('u.username')
    .execute();

  return administrators.map((administrator) => ({ recipientUserId: administrator.id }));
}
