import { AppError } from '../errors.ts';
import type { Executor } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isHolidayCalendar } from './entity-options.ts';
import { toEntityColumns, toEntityView } from './entity-view.ts';
import {
  validateEntityFields,
  type EntityFieldsInput,
  type ValidateEntityOptions,
} from './validate-entity-fields.ts';

/**
 * Language and time zone of countries where one of each is the clear
 * default. Countries with several languages (BE, CH, LU) or zones (US, ES,
 * PT) get no default for that part, so they fall back to English and UTC
 * unless given.
 */
const countryDefaults: Record<string, { language?: string; timeZone?: string }> = {
  NL: { language: 'nl', timeZone: 'Europe/Amsterdam' },
  BE: { timeZone: 'Europe/Brussels' },
  LU: { timeZone: 'Europe/Luxembourg' },
  DE: { language: 'de', timeZone: 'Europe/Berlin' },
  AT: { language: 'de', timeZone: 'Europe/Vienna' },
  FR: { language: 'fr', timeZone: 'Europe/Paris' },
  GB: { language: 'en', timeZone: 'Europe/London' },
  IE: { language: 'en', timeZone: 'Europe/Dublin' },
  IT: { language: 'it', timeZone: 'Europe/Rome' },
  DK: { language: 'da', timeZone: 'Europe/Copenhagen' },
  SE: { language: 'sv', timeZone: 'Europe/Stockholm' },
  PL: { language: 'pl', timeZone: 'Europe/Warsaw' },
};

/** The settings of a new entity: code, name, currency and country are required. */
export type AddEntityInput = EntityFieldsInput & {
  code: string;
  name: string;
  currency: string;
  country: string;
};

/**
 * Adds an entity after validating every field. Defaults: languages and
 * time zone from the country where that is unambiguous (else English and
 * UTC), the country's built-in holiday calendar where there is one, and
 * Monday to Friday as working days.
 */
export async function addEntity(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    input: AddEntityInput;
    /** The name that error messages give a field, such as "--timezone" on the command line. */
    labelOf?: ValidateEntityOptions['labelOf'];
  },
): Promise<Entity> {
  const fields = validateEntityFields(params.input, { labelOf: params.labelOf });
  const code = params.input.code;
  const country = fields.country ?? params.input.country;
  const defaults = countryDefaults[country] ?? {};

  const existing = await executor
    .selectFrom('entities')
    .select('id')
    .where('organisation_id', '=', params.organisationId)
    .where('code', '=', code)
    .executeTakeFirst();
  if (existing) {
    throw new AppError(
      'already_exists',
      `Entity code "${code}" is already in use; choose another code.`,
    );
  }

  const languages = fields.languages ?? [defaults.language ?? 'en'];
  const entity = await executor
    .insertInto('entities')
    .values({
      organisation_id: params.organisationId,
      code,
      name: params.input.name,
      currency: params.input.currency,
      country,
      language: languages[0] ?? 'en',
      time_zone: defaults.timeZone ?? 'UTC',
      holiday_calendar: isHolidayCalendar(country) ? country : null,
      ...toEntityColumns({ ...fields, languages }),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.created',
    subjectType: 'entity',
    subjectId: entity.id,
    entityId: entity.id,
    after: toEntityView(entity),
  });

  return entity;
}

export async function findEntityByCode(
  executor: Executor,
  params: { organisationId: string; code: string },
): Promise<Entity> {
  const entity = await executor
    .selectFrom('entities')
    .selectAll()
    .where('organisation_id', '=', params.organisationId)
    .where('code', '=', params.code)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError(
      'not_found',
      `Entity "${params.code}" does not exist; add it with "collecta entity add --code ${params.code} ...".`,
    );
  }

  return entity;
}
