import { withOrganisation } from '../../db/tenant.ts';
import { addEntity } from '../../entities/add-entity.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

export const entityAddCommand: CommandDefinition = {
  path: ['entity', 'add'],
  summary: 'Add an entity: a legal company that issues invoices',
  usage:
    'collecta entity add --code CODE --name NAME --currency EUR --country NL [--language nl] [--iban IBAN] [--bic BIC] [--timezone ZONE] [--json]',
  help: `Options:
  --code CODE          short unique code used by other commands, such as NL01
  --name NAME          legal name, shown on reminders
  --currency CODE      ISO 4217 currency of the entity, such as EUR
  --country CODE       ISO 3166 country, such as NL
  --language CODE      default language of reminders (default: from the country, else en)
  --timezone ZONE      IANA time zone of business dates (default: from the country, else UTC)
  --iban IBAN          account that payments go to, shown on reminders and in QR codes
  --bic BIC            BIC of that account
  --sender-email ADDR  From address of e-mail reminders
  --sender-name NAME   From name of e-mail reminders`,
  options: {
    code: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    country: { type: 'string' },
    language: { type: 'string' },
    timezone: { type: 'string' },
    iban: { type: 'string' },
    bic: { type: 'string' },
    'sender-email': { type: 'string' },
    'sender-name': { type: 'string' },
  },
  async run(context, values) {
    const database = await context.database();
    const organisationId = await context.organisationId();
    const input = {
      code: requireOption(values, 'code'),
      name: requireOption(values, 'name'),
      currency: requireOption(values, 'currency'),
      country: requireOption(values, 'country'),
      language: optionalOption(values, 'language'),
      timeZone: optionalOption(values, 'timezone'),
      iban: optionalOption(values, 'iban'),
      bic: optionalOption(values, 'bic'),
      senderEmail: optionalOption(values, 'sender-email'),
      senderName: optionalOption(values, 'sender-name'),
    };
    const entity = await withOrganisation(database, organisationId, (trx) =>
      addEntity(trx, { organisationId, actor: context.actor, input }),
    );

    return {
      json: {
        id: entity.id,
        code: entity.code,
        name: entity.name,
        currency: entity.currency,
        country: entity.country,
        language: entity.language,
        timeZone: entity.time_zone,
        iban: entity.iban,
        bic: entity.bic,
      },
      text: `Added entity ${entity.code} (${entity.name}), ${entity.currency}, language ${entity.language}, time zone ${entity.time_zone}.`,
    };
  },
};
