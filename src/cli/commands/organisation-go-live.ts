import { withOrganisation } from '../../db/tenant.ts';
import { goLive } from '../../provisioning/go-live.ts';
import type { CommandDefinition } from '../command.ts';

export const organisationGoLiveCommand: CommandDefinition = {
  path: ['organisation', 'go-live'],
  summary: 'Let dunning runs write message batches and approved messages be sent',
  usage: 'collecta organisation go-live [--without-email] [--organisation SLUG] [--json]',
  help: `Options:
  --without-email  go live without an SMTP server; approved e-mails wait in the
                   outbox until the e-mail channel or SMTP_URL is set

A new organisation is not live: every dunning run is a dry run, the
scheduler skips it and nothing is sent. Going live needs at least one entity
and an SMTP server for e-mail (the organisation's e-mail channel or SMTP_URL),
unless --without-email is given. It cannot be undone. --json prints
{"live": true, "liveSince"}.`,
  options: { 'without-email': { type: 'boolean' } },
  async run(context, values) {
    const database = await context.database();
    const organisationId = await context.organisationId();

    const { liveSince } = await withOrganisation(database, organisationId, (trx) =>
      goLive(trx, {
        organisationId,
        actor: context.actor,
        systemSmtpConfigured: context.config.smtpUrl !== undefined,
        withoutEmail: values['without-email'] === true,
      }),
    );

    return {
      json: { live: true, liveSince: liveSince.toISOString() },
      text: `The organisation is live since ${liveSince.toISOString()}: dunning runs now write message batches, and approved messages are sent.`,
    };
  },
};
