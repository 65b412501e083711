import { createUser } from '../../src/auth/create-user.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { buildEntity } from '../../src/debtors/test-factories.ts';
import { createOrganisation } from '../../src/organisations/organisations.ts';

/** A user of the organisation that the calculator and rate table browser tests seed. */
export interface SeededUser {
  username: string;
  password: string;
  group: 'administrator' | 'credit-manager';
}

/**
 * Seeds a live organisation with one entity, which the app needs before it
 * shows its work screens, and the given users. Returns the organisation's id.
 */
export async function seedRatesTenant(
  database: DatabaseHandle,
  slug: string,
  users: readonly SeededUser[],
): Promise<string> {
  const organisation = await createOrganisation(database, {
    live: true,
    slug,
    name: `Organisation ${slug}`,
    actor: 'browser-test',
  });
  await withOrganisation(database, organisation.id, async (trx) => {
    await buildEntity(trx, organisation.id, { code: 'NL01' });
    for (const user of users) {
      await createUser(trx, {
        organisationId: organisation.id,
        actor: 'browser-test',
        username: user.username,
        email: `${user.username}@example.test`,
        name: user.username === 'ada' ? 'Ada Jansen' : 'Carla de Vries',
        password: user.password,
        group: user.group,
      });
    }
  });

  return organisation.id;
}
