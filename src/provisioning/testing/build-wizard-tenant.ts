import { createUser } from '../../auth/create-user.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Entity } from '../../db/schema.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { buildEntity } from '../../debtors/test-factories.ts';
import { createOrganisation } from '../../organisations/organisations.ts';
import { TEST_PASSWORD } from '../../server/test-server.ts';

export interface WizardTenant {
  organisationId: string;
  entities: Record<string, Entity>;
}

/**
 * Creates an organisation for tests of the set-up routes, with the entities
 * named by `entityCodes` and one user per entry of `users` (all with
 * TEST_PASSWORD). A user with `entity` may work on that entity only.
 */
export async function buildWizardTenant(
  database: DatabaseHandle,
  params: {
    slug: string;
    live?: boolean;
    entityCodes?: string[];
    users: Array<{ username: string; group: string; entity?: string }>;
  },
): Promise<WizardTenant> {
  const organisation = await createOrganisation(database, {
    slug: params.slug,
    name: `Organisation ${params.slug}`,
    actor: 'test',
    live: params.live ?? false,
  });
  const organisationId = organisation.id;

  return withOrganisation(database, organisationId, async (trx) => {
    const entities: Record<string, Entity> = {};
    for (const code of params.entityCodes ?? []) {
      // Every weekday is a working day, so the reviews of these tests may run on a Saturday.
      entities[code] = await buildEntity(trx, organisationId, {
        code,
        workingDays: [1, 2, 3, 4, 5, 6, 7],
      });
    }
    for (const user of params.users) {
      const created = await createUser(trx, {
        organisationId,
        actor: 'test',
        username: user.username,
        email: `${user.username}@example.com`,
        name: user.username,
        password: TEST_PASSWORD,
        group: user.group,
      });
      const entity = user.entity ? entities[user.entity] : undefined;
      if (entity) {
        await trx
          .insertInto('user_entities')
          .values({ organisation_id: organisationId, user_id: created.id, entity_id: entity.id })
          .execute();
      }
    }
    return { organisationId, entities };
  });
}
