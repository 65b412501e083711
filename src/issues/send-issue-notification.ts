import { loadOrganisationMailSender } from '../channels/smtp-transport.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { OPEN_ISSUE_STATUSES } from '../db/schema.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import { createMailTransport } from '../messaging/create-mail-transport.ts';
import { readLocalizedNames } from '../business-processes/localized-names.ts';
import {
  composeIssueNotification,
  type IssueNotificationContent,
} from './compose-issue-notification.ts';
import type { IssueNotification } from './issue-notification.ts';

export interface IssueNotificationRoute {
  config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl'>;
  database: DatabaseHandle;
}

export type IssueNotificationResult = { sent: true; to: string } | { sent: false; reason: string };

interface Recipient {
  address: string;
  name: string | null;
  language: string;
}

/**
 * Sends the e-mail of an ISSUE_NOTIFICATION_JOB: to the recipient user in
 * the user's language, or to the recipient address in the entity's
 * language. The organisation's own SMTP channel goes first, else SMTP_URL.
 *
 * The job may run more than once (pg-boss delivers at least once), so the
 * message gets a Message-ID made of the job id, and a mail client shows a
 * repeated delivery as one message. Nothing is sent, and the job completes,
 * when the mail no longer applies: the issue is gone or closed, an assigned
 * issue has another assignee by now, or the user is inactive. An SMTP failure
 * throws, so that the job is retried.
 */
export async function sendIssueNotification(
  route: IssueNotificationRoute,
  notification: IssueNotification,
  context: { jobId: string; logger: Pick<Logger, 'info' | 'warn'> },
): Promise<IssueNotificationResult> {
  const ids = { issueId: notification.issueId, kind: notification.kind };
  const prepared = await withOrganisation(route.database, notification.organisationId, (trx) =>
    prepareNotification(trx, route.config.publicUrl, notification),
  );
  if ('reason' in prepared) {
    context.logger.info({ ...ids, reason: prepared.reason }, 'issue e-mail not sent');
    return { sent: false, reason: prepared.reason };
  }

  const own = await loadOrganisationMailSender(route.database, notification.organisationId);
  const transport = own?.transport ?? createMailTransport(route.config);
  if (!transport) {
    // NOTE: without any SMTP server the e-mail is dropped, not kept; the issue itself shows the state.
    context.logger.warn(ids, 'issue e-mail not sent: no SMTP server is set');
    return { sent: false, reason: 'no SMTP server is set' };
  }

  const composed = composeIssueNotification(prepared.content);
  const host = new URL(route.config.publicUrl).hostname || 'collecta.invalid';
  try {
    await transport.sendMail({
      ...(own ? { from: own.from } : {}),
      to: prepared.recipient.address,
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      messageId: `<issue-${notification.kind}-${notification.issueId}-${context.jobId}@${host}>`,
      headers: { 'Content-Language': composed.language },
    });
  } finally {
    transport.close();
  }
  context.logger.info(ids, 'issue e-mail sent');

  return { sent: true, to: prepared.recipient.address };
}

async function prepareNotification(
  trx: TenantTransaction,
  publicUrl: string,
  notification: IssueNotification,
): Promise<{ reason: string } | { recipient: Recipient; content: IssueNotificationContent }> {
  const issue = await trx
    .selectFrom('issues as i')
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .innerJoin('entities as e', 'e.id', 'i.entity_id')
    .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select([
      'i.id',
      'i.number',
      'i.status',
      'i.assignee_user_id',
      'i.deadline',
      'i.description',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'c.name as category_name',
      'c.names as category_names',
      'e.language as entity_language',
      'o.name as organisation_name',
    ])
    .where('i.id', '=', notification.issueId)
    .executeTakeFirst();
  if (!issue) {
    return { reason: 'the issue no longer exists' };
  }
  if (!(OPEN_ISSUE_STATUSES as readonly string[]).includes(issue.status)) {
    return { reason: `the issue is ${issue.status}` };
  }
  if (
    notification.kind === 'assigned' &&
    notification.recipientUserId &&
    issue.assignee_user_id !== notification.recipientUserId
  ) {
    return { reason: 'the issue is assigned to someone else by now' };
  }

  const recipient = await loadRecipient(trx, notification, issue.entity_language);
  if ('reason' in recipient) {
    return recipient;
  }
  const language = recipient.language === 'nl' ? 'nl' : 'en';

  return {
    recipient,
    content: {
      kind: notification.kind,
      language,
      recipientName: recipient.name,
      organisationName: issue.organisation_name,
      issueNumber: issue.number,
      debtor: { number: issue.debtor_number, name: issue.debtor_name },
      category: readLocalizedNames(issue.category_names)[language] ?? issue.category_name,
      deadline: issue.deadline,
      description: issue.description,
      url: `${publicUrl}/issues/${encodeURIComponent(issue.id)}`,
    },
  };
}

async function loadRecipient(
  trx: TenantTransaction,
  notification: IssueNotification,
  entityLanguage: string,
): Promise<Recipient | { reason: string }> {
  if (notification.recipientUserId) {
    const user = await trx
      .selectFrom('users')
      .select(['email', 'name', 'language', 'is_active'])
      .where('id', '=', notification.recipientUserId)
      .executeTakeFirst();
    if (!user) {
      return { reason: 'the recipient user no longer exists' };
    }
    if (!user.is_active) {
      return { reason: 'the recipient user is inactive' };
    }
    return { address: user.email, name: user.name, language: user.language };
  }
  if (notification.recipientEmail) {
    return { address: notification.recipientEmail, name: null, language: entityLanguage };
  }

  return { reason: 'the job names no recipient' };
}
