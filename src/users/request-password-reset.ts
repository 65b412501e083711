import { sql, type Selectable } from 'kysely';
import type { UserTokenTable } from '../db/schema.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import { issueUserLink } from './issue-user-link.ts';
import { sendAccountEmail } from './send-account-email.ts';

/** Maximum users that one request e-mails, for an address that several users share. */
const MAX_USERS_PER_REQUEST = 5;

/**
 * Seconds after a reset link was issued during which a new request for the
 * same user sends nothing, so that repeated requests cannot flood a mailbox.
 */
export const RESET_REQUEST_INTERVAL_SECONDS = 60;

/**
 * Handles "forgot password": e-mails a reset link to each active user whose
 * username or e-mail address is `usernameOrEmail` (ignoring case). Skips a
 * user whose organisation has no SMTP channel while SMTP_URL is unset,
 * because no e-mail could carry the link.
 * Returns the number of e-mails sent. The caller must not tell the requester
 * whether a user was found.
 */
export async function requestPasswordReset(
  database: DatabaseHandle,
  params: {
    usernameOrEmail: string;
    config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl'>;
    logger: Pick<Logger, 'info' | 'warn'>;
  },
): Promise<number> {
  // A system query outside any tenant: the username or address is what selects the organisation.
  const users = await database.db
    .selectFrom('users as u')
    .select(['u.id', 'u.organisation_id'])
    .where('u.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb(sql`lower(u.username)`, '=', params.usernameOrEmail.toLowerCase()),
        eb(sql`lower(u.email)`, '=', params.usernameOrEmail.toLowerCase()),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('user_tokens as t')
            .select('t.id')
            .whereRef('t.user_id', '=', 'u.id')
            .where('t.purpose', '=', 'password_reset')
            .where(
              't.created_at',
              '>',
              sql<
                Selectable<UserTokenTable>['created_at']
              >`now() - make_interval(secs => ${RESET_REQUEST_INTERVAL_SECONDS})`,
            ),
        ),
      ),
    )
    .orderBy('u.created_at')
    .limit(MAX_USERS_PER_REQUEST)
    .execute();

  let sent = 0;
  for (const user of users) {
    if (!(await canSendMail(database, user.organisation_id, params.config))) {
      continue;
    }
    const link = await withOrganisation(database, user.organisation_id, (trx) =>
      issueUserLink(trx, {
        organisationId: user.organisation_id,
        actor: 'system',
        userId: user.id,
        purpose: 'password_reset',
        publicUrl: params.config.publicUrl,
      }),
    );
    const route = { config: params.config, database, organisationId: user.organisation_id };
    if (await sendAccountEmail(route, params.logger, link.email)) {
      sent += 1;
    }
  }

  return sent;
}

/** Returns whether the organisation has its own SMTP channel or the server has SMTP_URL. */
async function canSendMail(
  database: DatabaseHandle,
  organisationId: string,
  config: Pick<Config, 'smtpUrl'>,
): Promise<boolean> {
  if (config.smtpUrl) {
    return true;
  }
  const channel = await withOrganisation(database, organisationId, (trx) =>
    trx
      .selectFrom('channel_settings')
      .select('channel')
      .where('channel', '=', 'email')
      .executeTakeFirst(),
  );

  return channel !== undefined;
}
