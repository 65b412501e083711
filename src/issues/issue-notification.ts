import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';

/** The job that e-mails people about an issue: its new assignee, or its escalation contact. */
export const ISSUE_NOTIFICATION_JOB = 'issue-notification';

export const issueNotificationPayload = z.object({
  organisationId: z.uuid(),
  issueId: z.uuid(),
  kind: z.enum(['assigned', 'escalated']),
  /** A user to write to, in the user's language. */
  recipientUserId: z.uuid().optional(),
  /** An address to write to when the recipient is not a user, such as an escalation address. */
  recipientEmail: z.email().optional(),
});

export type IssueNotification = z.infer<typeof issueNotificationPayload>;

/**
 * Queues an issue e-mail in the caller's transaction, so that it is sent
 * only when the change that caused it commits. Without a job queue (a
 * process started without one) nothing is queued and false is returned.
 */
export async function queueIssueNotification(
  jobQueue: Pick<JobQueue, 'send'> | undefined,
  executor: Executor,
  notification: IssueNotification,
): Promise<boolean> {
  if (!jobQueue) {
    return false;
  }
  await jobQueue.send(ISSUE_NOTIFICATION_JOB, issueNotificationPayload.parse(notification), {
    executor,
  });

  return true;
}
