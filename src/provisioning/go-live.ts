import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** Something that keeps an organisation from going live, with a stable key for translations. */
export interface GoLiveProblem {
  key: 'entities.missing' | 'email.missing';
  message: string;
}

/**
 * Lists what keeps the organisation from going live. It needs at least one
 * entity, because a dunning run works on an entity. It also needs an SMTP
 * server for e-mail (its own e-mail channel or the server-wide SMTP_URL),
 * because the preset profiles send e-mail, and approved e-mail would
 * otherwise wait in the outbox without anyone noticing. A verified channel
 * (one that passed a test message) is advised but not required.
 */
export async function findGoLiveProblems(
  executor: Executor,
  params: { systemSmtpConfigured: boolean; withoutEmail?: boolean },
): Promise<GoLiveProblem[]> {
  const problems: GoLiveProblem[] = [];
  const entity = await executor.selectFrom('entities').select('id').limit(1).executeTakeFirst();
  if (!entity) {
    problems.push({
      key: 'entities.missing',
      message:
        'The organisation has no entity yet; add the legal entity whose invoices it collects.',
    });
  }
  const email = await executor
    .selectFrom('channel_settings')
    .select('provider')
    .where('channel', '=', 'email')
    .executeTakeFirst();
  if (!email && !params.systemSmtpConfigured && !params.withoutEmail) {
    problems.push({
      key: 'email.missing',
      message:
        'No SMTP server is configured for e-mail; enter the SMTP settings in the channels step, or set SMTP_URL for the whole server.',
    });
  }

  return problems;
}

/**
 * Sets the organisation live in the caller's tenant transaction, with an
 * audit event: from now on dunning runs write message batches and approved
 * messages are sent. Throws "conflict" when it is live already, or when
 * findGoLiveProblems reports a problem (listed in the error's details).
 * With `withoutEmail`, a missing SMTP server is no problem: approved e-mail
 * then waits in the outbox until one is configured.
 */
export async function goLive(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    systemSmtpConfigured: boolean;
    withoutEmail?: boolean;
  },
): Promise<{ liveSince: Date }> {
  const organisation = await lockOrganisation(executor, params.organisationId);
  if (organisation.live_since !== null) {
    throw new AppError(
      'conflict',
      `The organisation has been live since ${organisation.live_since.toISOString()}; it cannot go live again.`,
    );
  }
  const problems = await findGoLiveProblems(executor, params);
  if (problems.length > 0) {
    throw new AppError(
      'conflict',
      `The organisation cannot go live yet: ${problems.map((problem) => problem.message).join(' ')}`,
      { problems },
    );
  }

  return setLive(executor, params);
}

/**
 * Sets the organisation live without the checks of goLive, for demo data
 * that is loaded to try the product. Does nothing when it is live already.
 */
export async function makeLiveForDemo(
  executor: Executor,
  params: { organisationId: string; actor: string },
): Promise<{ liveSince: Date; changed: boolean }> {
  const organisation = await lockOrganisation(executor, params.organisationId);
  if (organisation.live_since !== null) {
    return { liveSince: organisation.live_since, changed: false };
  }
  const { liveSince } = await setLive(executor, params);

  return { liveSince, changed: true };
}

async function lockOrganisation(executor: Executor, organisationId: string) {
  const organisation = await executor
    .selectFrom('organisations')
    .select(['id', 'live_since'])
    .where('id', '=', organisationId)
    .forUpdate()
    .executeTakeFirst();
  if (!organisation) {
    throw new AppError('not_found', `Organisation ${organisationId} does not exist.`);
  }

  return organisation;
}

async function setLive(
  executor: Executor,
  params: { organisationId: string; actor: string },
): Promise<{ liveSince: Date }> {
  const updated = await executor
    .updateTable('organisations')
    .set({ live_since: new Date() })
    .where('id', '=', params.organisationId)
    .returning('live_since')
    .executeTakeFirstOrThrow();
  const liveSince = updated.live_since ?? new Date();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'organisation.went_live',
    subjectType: 'organisation',
    subjectId: params.organisationId,
    before: { liveSince: null },
    after: { liveSince: liveSince.toISOString() },
  });

  return { liveSince };
}
