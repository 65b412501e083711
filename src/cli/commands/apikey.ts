import { PERMISSION_NAMES, PERMISSIONS } from '../../access/permissions.ts';
import { parseKeyPermissions } from '../../api-keys/api-key-permissions.ts';
import { createApiKey } from '../../api-keys/create-api-key.ts';
import { listApiKeys, type ApiKeySummary } from '../../api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../api-keys/revoke-api-key.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { requireOption, type CommandDefinition } from '../command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const apikeyCreateCommand: CommandDefinition = {
  path: ['apikey', 'create'],
  summary: 'Create an API key for scripts and other systems; prints the key once',
  usage: 'collecta apikey create --name NAME [--permission NAME]... [--organisation SLUG] [--json]',
  help: `Options:
  --name NAME          what the key is for, such as "ERP export" (1 to 100 characters)
  --permission NAME    a permission of the key; repeat for more (default: every permission).
                       "collecta apikey permissions" lists them.

The key is printed once and only its SHA-256 is stored: keep it somewhere safe.
Send it as the header "Authorization: Bearer KEY".`,
  options: {
    name: { type: 'string' },
    permission: { type: 'string', multiple: true },
  },
  async run(context, values) {
    const name = requireOption(values, 'name');
    const requested = values.permission;
    const permissions = Array.isArray(requested)
      ? parseKeyPermissions(requested, '--permission')
      : undefined;
    const database = await context.database();
    const organisationId = await context.organisationId();

    const created = await withOrganisation(database, organisationId, (trx) =>
      createApiKey(trx, {
        organisationId,
        actor: context.actor,
        name,
        permissions,
        creatorPermissions: 'all',
      }),
    );

    return {
      json: {
        id: created.id,
        name: created.name,
        key: created.key,
        prefix: created.prefix,
        permissions: created.permissions,
      },
      text: [
        `Created API key "${created.name}" (${created.prefix}…) with the permissions ${created.permissions.join(', ')}.`,
        created.key,
        'This key is shown only once and cannot be recovered: store it now.',
      ].join('\n'),
    };
  },
};

export const apikeyListCommand: CommandDefinition = {
  path: ['apikey', 'list'],
  summary: "List the organisation's API keys (never the keys themselves)",
  usage: 'collecta apikey list [--organisation SLUG] [--json]',
  help: 'Lists every API key with its prefix, permissions, creator and state, newest first.',
  options: {},
  async run(context) {
    const database = await context.database();
    const organisationId = await context.organisationId();
    const keys = await withOrganisation(database, organisationId, (trx) => listApiKeys(trx));

    return {
      json: keys.map((key) => ({
        ...key,
        createdAt: key.createdAt.toISOString(),
        lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
        revokedAt: key.revokedAt?.toISOString() ?? null,
      })),
      text: keys.length === 0 ? 'No API keys.' : keys.map(describeKey).join('\n'),
    };
  },
};

export const apikeyRevokeCommand: CommandDefinition = {
  path: ['apikey', 'revoke'],
  summary: 'Revoke an API key: requests with it are rejected from now on',
  usage: 'collecta apikey revoke --id ID [--organisation SLUG] [--json]',
  help: `Options:
  --id ID              id of the key, as "collecta apikey list" shows it`,
  options: { id: { type: 'string' } },
  async run(context, values) {
    const id = requireOption(values, 'id');
    if (!UUID.test(id)) {
      throw new AppError(
        'invalid_arguments',
        `--id "${id}" is not a key id; copy the id from "collecta apikey list".`,
      );
    }
    const database = await context.database();
    const organisationId = await context.organisationId();
    const revoked = await withOrganisation(database, organisationId, (trx) =>
      revokeApiKey(trx, { organisationId, actor: context.actor, id }),
    );

    return {
      json: { id: revoked.id, revokedAt: revoked.revokedAt.toISOString() },
      text: `Revoked API key ${revoked.id} (since ${revoked.revokedAt.toISOString()}).`,
    };
  },
};

export const apikeyPermissionsCommand: CommandDefinition = {
  path: ['apikey', 'permissions'],
  summary: 'List the permissions an API key or a user group can have',
  usage: 'collecta apikey permissions [--json]',
  help: 'Prints each permission name with what it allows.',
  options: {},
  run() {
    const width = Math.max(...PERMISSION_NAMES.map((name) => name.length)) + 2;

    return Promise.resolve({
      json: PERMISSION_NAMES.map((name) => ({ name, description: PERMISSIONS[name] })),
      text: PERMISSION_NAMES.map((name) => `${name.padEnd(width)}${PERMISSIONS[name]}`).join('\n'),
    });
  },
};

/** The API key commands, in the order `collecta --help` lists them. */
export const apikeyCommands: CommandDefinition[] = [
  apikeyCreateCommand,
  apikeyListCommand,
  apikeyRevokeCommand,
  apikeyPermissionsCommand,
];

function describeKey(key: ApiKeySummary): string {
  const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
  const lastUsed = key.lastUsedAt ? key.lastUsedAt.toISOString() : 'never';

  return [
    `${key.id}  ${key.prefix}…  "${key.name}"  ${state}`,
    `  permissions: ${key.permissions.join(', ')}`,
    `  created ${key.createdAt.toISOString()} by ${key.createdBy}; last used ${lastUsed}`,
  ].join('\n');
}
