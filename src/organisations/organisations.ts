import { AppError } from '../errors.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { seedOrganisationDefaults } from './seed-organisation-defaults.ts';

export const DEFAULT_ORGANISATION_SLUG = 'default';

/**
 * Organisation rows are read and created outside any tenant (they are what
 * selects the tenant), so these functions use the connecting role directly.
 */
export async function findOrganisationBySlug(
  database: DatabaseHandle,
  slug: string,
): Promise<{ id: string; slug: string; name: string } | undefined> {
  return database.db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name'])
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export async function createOrganisation(
  database: DatabaseHandle,
  params: {
    slug: string;
    name: string;
    actor: string;
    /**
     * Whether the organisation is live from the start. A new organisation
     * normally is not: an administrator sets it up with the provisioning
     * wizard and presses go-live, and until then every dunning run is a dry run.
     */
    live?: boolean;
  },
): Promise<{ id: string; slug: string; name: string }> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(params.slug)) {
    throw new AppError(
      'invalid_input',
      `Organisation slug "${params.slug}" is invalid: use 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit.`,
    );
  }
  if (await findOrganisationBySlug(database, params.slug)) {
    throw new AppError('already_exists', `Organisation "${params.slug}" already exists.`);
  }
  const organisation = await database.db
    .insertInto('organisations')
    .values({
      slug: params.slug,
      name: params.name,
      live_since: params.live ? new Date() : null,
    })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
  await seedOrganisationDefaults(database, organisation.id, params.actor);

  return organisation;
}

/**
 * The organisation a command acts on: the one with `slug` when given, else
 * the only one, which is created with slug "default" when there is none.
 */
export async function resolveOrganisation(
  database: DatabaseHandle,
  params: { slug: string | undefined; actor: string },
): Promise<string> {
  if (params.slug) {
    const found = await findOrganisationBySlug(database, params.slug);
    if (!found) {
      throw new AppError(
        'not_found',
        `Organisation "${params.slug}" does not exist; create it with "collecta organisation add --slug ${params.slug} --name NAME".`,
      );
    }
    return found.id;
  }

  const all = await database.db
    .selectFrom('organisations')
    .select(['id', 'slug'])
    .limit(2)
    .execute();
  if (all.length > 1) {
    throw new AppError(
      'organisation_ambiguous',
      'There is more than one organisation; name one with --organisation SLUG.',
    );
  }
  if (all[0]) {
    return all[0].id;
  }
  const created = await createOrganisation(database, {
    slug: DEFAULT_ORGANISATION_SLUG,
    name: 'Default organisation',
    actor: params.actor,
  });

  return created.id;
}
