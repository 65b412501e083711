import { createOrganisation } from '../../organisations/organisations.ts';
import { requireOption, type CommandDefinition } from '../command.ts';

export const organisationAddCommand: CommandDefinition = {
  path: ['organisation', 'add'],
  summary: 'Create an organisation (a tenant) with the default segment and profile',
  usage: 'collecta organisation add --slug SLUG --name NAME [--json]',
  help: `Options:
  --slug SLUG   short name used by --organisation: lower-case letters, digits and hyphens
  --name NAME   display name`,
  options: { slug: { type: 'string' }, name: { type: 'string' } },
  async run(context, values) {
    const organisation = await createOrganisation(await context.database(), {
      slug: requireOption(values, 'slug'),
      name: requireOption(values, 'name'),
      actor: context.actor,
    });

    return {
      json: organisation,
      text: `Created organisation ${organisation.slug} (${organisation.name}).`,
    };
  },
};
