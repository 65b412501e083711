import { createOrganisation } from '../../organisations/organisations.ts';
import { requireOption, type CommandDefinition } from '../command.ts';

export const organisationAddCommand: CommandDefinition = {
  path: ['organisation', 'add'],
  summary: 'Create an organisation (a tenant) with the default segment and profile',
  usage: 'collecta organisation add --slug SLUG --name NAME [--json]',
  help: `Options:
  --slug SLUG   short name used by --organisation: lower-case letters, digits and hyphens
  --name NAME   display name

The new organisation is not live: until "collecta organisation go-live", every
dunning run is a dry run and nothing is sent.`,
  options: { slug: { type: 'string' }, name: { type: 'string' } },
  async run(context, values) {
    const organisation = await createOrganisation(await context.database(), {
      slug: requireOption(values, 'slug'),
      name: requireOption(values, 'name'),
      actor: context.actor,
    });

    return {
      json: organisation,
      text: `Created organisation ${organisation.slug} (${organisation.name}). It is not live yet: dunning runs are dry runs until "collecta organisation go-live --organisation ${organisation.slug}".`,
    };
  },
};
