import { sql } from 'kysely';
import { z } from 'zod';
import type { TenantTransaction } from '../../db/tenant.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { findOrganisationBySlug } from '../../organisations/organisations.ts';
import {
  inviteUser,
  USER_LANGUAGES,
  USERNAME_PATTERN,
  USERNAME_RULE,
  type NewUser,
  type UserLanguage,
} from '../../users/invite-user.ts';
import { issueUserLink } from '../../users/issue-user-link.ts';
import { sendAccountEmail } from '../../users/send-account-email.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

/** Builds the error for an option value that matches nothing, listing the values that would match. */
function invalidOption(
  option: string,
  value: string,
  kind: { singular: string; plural: string },
  validValues: string[],
) {
  const choices =
    validValues.length > 0
      ? `use one of: ${validValues.join(', ')}`
      : `this organisation has no ${kind.plural} yet`;
  return new AppError(
    'invalid_arguments',
    `--${option} "${value}" is not ${kind.singular}; ${choices}.`,
  );
}

function readLanguage(value: string | undefined): UserLanguage {
  if (value === undefined) {
    return 'en';
  }
  const language = USER_LANGUAGES.find((candidate) => candidate === value.toLowerCase());
  if (!language) {
    throw invalidOption(
      'language',
      value,
      { singular: 'a supported language', plural: 'languages' },
      [...USER_LANGUAGES],
    );
  }

  return language;
}

function readStringList(value: string | boolean | string[] | undefined): string[] {
  let list: string[] = [];
  if (Array.isArray(value)) {
    list = value;
  } else if (typeof value === 'string') {
    list = [value];
  }

  return list.map((item) => item.trim()).filter((item) => item !== '');
}

/** Resolves the group slug, entity codes and department name of the options to ids. */
async function resolveOptions(
  trx: TenantTransaction,
  options: { group: string; entityCodes: string[]; department: string | undefined },
): Promise<{ entityIds: string[] | null; departmentId: string | null }> {
  const groups = await trx.selectFrom('user_groups').select('slug').orderBy('slug').execute();
  if (!groups.some((group) => group.slug === options.group)) {
    throw invalidOption(
      'group',
      options.group,
      { singular: 'a user group', plural: 'user groups' },
      groups.map((group) => group.slug),
    );
  }

  let entityIds: string[] | null = null;
  if (options.entityCodes.length > 0) {
    const entities = await trx
      .selectFrom('entities')
      .select(['id', 'code'])
      .orderBy('code')
      .execute();
    entityIds = options.entityCodes.map((code) => {
      const entity = entities.find(
        (candidate) => candidate.code.toLowerCase() === code.toLowerCase(),
      );
      if (!entity) {
        throw invalidOption(
          'entity',
          code,
          { singular: 'an entity code', plural: 'entities' },
          entities.map((candidate) => candidate.code),
        );
      }
      return entity.id;
    });
  }

  let departmentId: string | null = null;
  if (options.department !== undefined) {
    const departments = await trx
      .selectFrom('departments')
      .select(['id', 'name'])
      .orderBy('name')
      .execute();
    const wanted = options.department.toLowerCase();
    const department = departments.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (!department) {
      throw invalidOption(
        'department',
        options.department,
        { singular: 'a department', plural: 'departments' },
        departments.map((candidate) => candidate.name),
      );
    }
    departmentId = department.id;
  }

  return { entityIds: entityIds ? [...new Set(entityIds)] : null, departmentId };
}

function emailNote(emailed: boolean, address: string): string {
  return emailed
    ? `The link was e-mailed to ${address}.`
    : 'The link was not e-mailed (no SMTP_URL set, or sending failed): pass it on yourself.';
}

export const userAddCommand: CommandDefinition = {
  path: ['user', 'add'],
  summary: 'Invite a user: prints a link with which the user chooses a password',
  usage:
    'collecta user add --username NAME --email ADDR --group SLUG [--entity CODE]... [--department NAME] [--name NAME] [--language nl|en|de|fr] [--organisation SLUG] [--json]',
  help: `Options:
  --username NAME      login name, unique across all organisations: letters, digits, . _ - @
  --email ADDR         e-mail address for the invitation and password resets
  --group SLUG         user group, such as administrator, credit-manager, dispute-handler,
                       manager or auditor
  --entity CODE        limit the user to this entity; repeat for more (default: every entity)
  --department NAME    the user's department, such as Sales (default: none)
  --name NAME          full name (default: the username)
  --language CODE      language of the web app and e-mails: nl, en, de or fr (default: en)

The invitation link is valid for 7 days. It is e-mailed when SMTP_URL is set.
With --json the output is {"id": USER ID, "invitation": LINK}.`,
  options: {
    username: { type: 'string' },
    email: { type: 'string' },
    group: { type: 'string' },
    entity: { type: 'string', multiple: true },
    department: { type: 'string' },
    name: { type: 'string' },
    language: { type: 'string' },
  },
  async run(context, values) {
    const username = requireOption(values, 'username');
    if (!USERNAME_PATTERN.test(username)) {
      throw new AppError(
        'invalid_arguments',
        `--username "${username}" is invalid: ${USERNAME_RULE}.`,
      );
    }
    const email = requireOption(values, 'email');
    if (!z.email().safeParse(email).success) {
      throw new AppError('invalid_arguments', `--email "${email}" is not a valid e-mail address.`);
    }
    const group = requireOption(values, 'group');
    const language = readLanguage(optionalOption(values, 'language'));
    const name = optionalOption(values, 'name') ?? username;
    const entityCodes = readStringList(values.entity);
    const department = optionalOption(values, 'department');
    const database = await context.database();
    const organisationId = await context.organisationId();

    const invited = await withOrganisation(database, organisationId, async (trx) => {
      const scope = await resolveOptions(trx, { group, entityCodes, department });
      const input: NewUser = { username, email, name, language, group, ...scope };
      return inviteUser(trx, {
        organisationId,
        actor: context.actor,
        callerEntityIds: null,
        publicUrl: context.config.publicUrl,
        input,
      });
    });
    const emailed = await sendAccountEmail(
      { config: context.config, database, organisationId },
      context.logger,
      invited.link.email,
    );
    const { issued } = invited.link;

    return {
      json: { id: invited.user.id, invitation: issued.url },
      text: [
        `Invited user ${invited.user.username} to group ${group}. The invitation link is valid until ${issued.expiresAt.toISOString()}:`,
        issued.url,
        emailNote(emailed, email),
      ].join('\n'),
    };
  },
};

export const userResetPasswordCommand: CommandDefinition = {
  path: ['user', 'reset-password'],
  summary: 'Issue a password-reset link for a user, valid for 1 hour',
  usage: 'collecta user reset-password --username NAME [--json]',
  help: `Options:
  --username NAME      the user, in any organisation (usernames are unique across them)

The link is valid for 1 hour, and earlier reset links stop working. It is
e-mailed when SMTP_URL is set. Using it sets a new password, clears a login
lock and ends the user's sessions.
With --json the output is {"id": USER ID, "url": LINK, "expiresAt": TIME, "emailed": BOOLEAN}.`,
  options: { username: { type: 'string' } },
  async run(context, values) {
    const username = requireOption(values, 'username');
    const database = await context.database();
    // Usernames are unique across organisations, so the user selects the organisation.
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where(sql<boolean>`lower(username) = lower(${username})`)
      .executeTakeFirst();
    const slug = optionalOption(values, 'organisation');
    const organisation = slug ? await findOrganisationBySlug(database, slug) : undefined;
    if (!user || (slug && organisation?.id !== user.organisation_id)) {
      throw new AppError(
        'not_found',
        `User "${username}" does not exist${slug ? ` in organisation ${slug}` : ''}.`,
      );
    }

    const link = await withOrganisation(database, user.organisation_id, (trx) =>
      issueUserLink(trx, {
        organisationId: user.organisation_id,
        actor: context.actor,
        userId: user.id,
        purpose: 'password_reset',
        publicUrl: context.config.publicUrl,
      }),
    );
    const emailed = await sendAccountEmail(
      { config: context.config, database, organisationId: user.organisation_id },
      context.logger,
      link.email,
    );

    return {
      json: {
        id: user.id,
        url: link.issued.url,
        expiresAt: link.issued.expiresAt.toISOString(),
        emailed,
      },
      text: [
        `Password-reset link for ${link.email.username}, valid until ${link.issued.expiresAt.toISOString()}:`,
        link.issued.url,
        emailNote(emailed, link.email.to),
      ].join('\n'),
    };
  },
};

export const userCommands: CommandDefinition[] = [userAddCommand, userResetPasswordCommand];
