import fs from 'node:fs/promises';
import { withOrganisation } from '../../db/tenant.ts';
import { addEntity } from '../../entities/add-entity.ts';
import { toEntityView } from '../../entities/entity-view.ts';
import { setEntityLogo } from '../../entities/set-entity-logo.ts';
import type { EntityField } from '../../entities/validate-entity-fields.ts';
import { AppError } from '../../errors.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

/** The option that sets each entity field, so that error messages name what the user typed. */
const optionByField: Record<EntityField, string> = {
  code: '--code',
  name: '--name',
  currency: '--currency',
  country: '--country',
  language: '--language',
  languages: '--languages',
  timeZone: '--timezone',
  iban: '--iban',
  bic: '--bic',
  addressLine: '--address',
  postalCode: '--postal-code',
  city: '--city',
  cocNumber: '--coc-number',
  vatNumber: '--vat-number',
  senderEmail: '--sender-email',
  senderName: '--sender-name',
  portalUrl: '--portal-url',
  workingDays: '--working-days',
  holidayCalendar: '--holiday-calendar',
  // The sending rules have no option here; they are set in the API or the web app.
  shiftDueDatesToWorkingDay: 'shiftDueDatesToWorkingDay',
  maxContactsPerWeek: 'maxContactsPerWeek',
  sendingWindowStart: 'sendingWindowStart',
  sendingWindowEnd: 'sendingWindowEnd',
  // The payment settings have no option either; they are set in the API or the web app.
  paymentReferenceScheme: 'paymentReferenceScheme',
  allocationOrder: 'allocationOrder',
  creditorDeductsVat: 'creditorDeductsVat',
  vatRateBasisPoints: 'vatRateBasisPoints',
  letterDeliveryWorkingDays: 'letterDeliveryWorkingDays',
  arrangementGraceDays: 'arrangementGraceDays',
  paymentLinkExpiryDays: 'paymentLinkExpiryDays',
  messagePaymentLinkExpiryDays: 'messagePaymentLinkExpiryDays',
};

export const entityAddCommand: CommandDefinition = {
  path: ['entity', 'add'],
  summary: 'Add an entity: a legal company that issues invoices',
  usage:
    'collecta entity add --code CODE --name NAME --currency EUR --country NL [--languages nl,en] [--timezone ZONE] [--iban IBAN --bic BIC] [--working-days 1-5] [--holiday-calendar NL] [--logo FILE] [--json]',
  help: `Options:
  --code CODE              short unique code used by other commands, such as NL01; cannot change later
  --name NAME              legal name, shown on reminders
  --currency CODE          ISO 4217 currency of the entity, such as EUR
  --country CODE           ISO 3166-1 alpha-2 country, such as NL (GB for the United Kingdom)
  --languages LIST         languages of reminders, comma-separated, from nl, en, de, fr; the first
                           is the default (default: the country's language, else en)
  --language CODE          the default language alone, the same as --languages with one language
  --timezone ZONE          IANA time zone of business dates (default: from the country, else UTC)
  --iban IBAN              account that payments go to, shown on reminders and in QR codes
  --bic BIC                BIC (8 or 11 characters) of the bank that holds the IBAN
  --address TEXT           street and number, shown on letters
  --postal-code CODE       postal code, shown on letters
  --city NAME              city, shown on letters
  --coc-number NUMBER      chamber of commerce number (8 digits in NL, 10 in BE)
  --vat-number NUMBER      VAT number with country prefix, such as NL123456789B01
  --sender-email ADDR      From address of e-mail reminders
  --sender-name NAME       From name of e-mail reminders
  --portal-url URL         https address of the customer portal, shown to debtors
  --working-days DAYS      ISO weekdays on which reminders are sent, 1 = Monday ... 7 = Sunday,
                           as a list or range such as 1-5 or 1,2,3,4,5,6 (default: 1-5)
  --holiday-calendar CODE  public holidays without sending: NL, BE, DE, GB (England and Wales),
                           FR, or none (default: the country's calendar, else none)
  --logo FILE              PNG or JPEG of at most 512 KiB, printed at the top right of letters`,
  options: {
    code: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    country: { type: 'string' },
    languages: { type: 'string' },
    language: { type: 'string' },
    timezone: { type: 'string' },
    iban: { type: 'string' },
    bic: { type: 'string' },
    address: { type: 'string' },
    'postal-code': { type: 'string' },
    city: { type: 'string' },
    'coc-number': { type: 'string' },
    'vat-number': { type: 'string' },
    'sender-email': { type: 'string' },
    'sender-name': { type: 'string' },
    'portal-url': { type: 'string' },
    'working-days': { type: 'string' },
    'holiday-calendar': { type: 'string' },
    logo: { type: 'string' },
  },
  async run(context, values) {
    const database = await context.database();
    const organisationId = await context.organisationId();
    const languages = optionalOption(values, 'languages');
    const workingDays = optionalOption(values, 'working-days');
    const input = {
      code: requireOption(values, 'code'),
      name: requireOption(values, 'name'),
      currency: requireOption(values, 'currency'),
      country: requireOption(values, 'country'),
      languages: languages?.split(',').map((language) => language.trim()),
      language: optionalOption(values, 'language'),
      timeZone: optionalOption(values, 'timezone'),
      iban: optionalOption(values, 'iban'),
      bic: optionalOption(values, 'bic'),
      addressLine: optionalOption(values, 'address'),
      postalCode: optionalOption(values, 'postal-code'),
      city: optionalOption(values, 'city'),
      cocNumber: optionalOption(values, 'coc-number'),
      vatNumber: optionalOption(values, 'vat-number'),
      senderEmail: optionalOption(values, 'sender-email'),
      senderName: optionalOption(values, 'sender-name'),
      portalUrl: optionalOption(values, 'portal-url'),
      workingDays: workingDays === undefined ? undefined : parseWeekdays(workingDays),
      holidayCalendar: optionalOption(values, 'holiday-calendar'),
    };
    const logoPath = optionalOption(values, 'logo');
    const logo = logoPath ? await readLogoFile(logoPath) : undefined;

    const entity = await withOrganisation(database, organisationId, async (trx) => {
      const added = await addEntity(trx, {
        organisationId,
        actor: context.actor,
        input,
        labelOf: (field) => optionByField[field],
      });
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
    const view = toEntityView(entity);

    return {
      json: { ...view, hasLogo: logo !== undefined, logoBytes: logo?.length ?? null },
      text: `Added entity ${view.code} (${view.name}), ${view.currency}, languages ${view.languages.join(', ')}, time zone ${view.timeZone}, sending on weekdays ${view.workingDays.join(',')}, holidays ${view.holidayCalendar ?? 'none'}${logo ? ', with logo' : ''}.`,
    };
  },
};

/** Parses ISO weekdays written as a list with ranges, such as "1-5" or "1,2,3,4,5,6". */
export function parseWeekdays(text: string): number[] {
  const days: number[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(\d)\s*(?:-\s*(\d)\s*)?$/.exec(part);
    const first = Number(match?.[1]);
    const last = match?.[2] === undefined ? first : Number(match[2]);
    if (!match || last < first) {
      throw new AppError(
        'invalid_arguments',
        `--working-days: "${text}" is not a list of ISO weekdays. Use numbers from 1 (Monday) to 7 (Sunday), such as 1-5 or 1,2,3,4,5,6.`,
      );
    }
    for (let day = first; day <= last; day += 1) {
      days.push(day);
    }
  }

  return days;
}

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
