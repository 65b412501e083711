import fs from 'node:fs/promises';
import { withOrganisation } from '../../db/tenant.ts';
import { addEntity } from '../../entities/add-entity.ts';
import { setEntityLogo } from '../../entities/set-entity-logo.ts';
import { AppError } from '../../errors.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

export const entityAddCommand: CommandDefinition = {
  path: ['entity', 'add'],
  summary: 'Add an entity: a legal company that issues invoices',
  usage:
    'collecta entity add --code CODE --name NAME --currency EUR --country NL [--language nl] [--iban IBAN] [--bic BIC] [--timezone ZONE] [--logo FILE] [--json]',
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
  --sender-name NAME   From name of e-mail reminders
  --logo FILE          PNG or JPEG of at most 512 KiB, printed at the top right of letters`,
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
    logo: { type: 'string' },
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
    const logoPath = optionalOption(values, 'logo');
    const logo = logoPath ? await readLogoFile(logoPath) : undefined;

    const entity = await withOrganisation(database, organisationId, async (trx) => {
      const added = await addEntity(trx, { organisationId, actor: context.actor, input });
      if (logo && logoPath) {
        await setEntityLogo(trx, {
          organisationId,
          entityId: added.id,
          actor: context.actor,
          content: logo,
          fileName: logoPath,
        });
      }
      return added;
    });

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
        logoBytes: logo?.length ?? null,
      },
      text: `Added entity ${entity.code} (${entity.name}), ${entity.currency}, language ${entity.language}, time zone ${entity.time_zone}${logo ? ', with logo' : ''}.`,
    };
  },
};

async function readLogoFile(filePath: string): Promise<Buffer> {
  try {
    return await fs.readFile(filePath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'invalid_input',
      `Cannot read the logo file ${filePath}: ${reason}. Check the --logo path.`,
    );
  }
}
