import type { Updateable } from 'kysely';
import type { Entity, EntityTable } from '../db/schema.ts';
import type { EntityFields } from './validate-entity-fields.ts';

/** An entity row without the logo bytes, as the entity queries select it. */
export type EntityRow = Omit<Entity, 'logo'>;

/** The columns of EntityRow, for `selectFrom('entities').select(ENTITY_ROW_COLUMNS)`. */
export const ENTITY_ROW_COLUMNS = [
  'id',
  'organisation_id',
  'code',
  'name',
  'currency',
  'country',
  'language',
  'languages',
  'time_zone',
  'iban',
  'bic',
  'address_line',
  'postal_code',
  'city',
  'coc_number',
  'vat_number',
  'sender_email',
  'sender_name',
  'portal_url',
  'working_days',
  'holiday_calendar',
  'logo_content_type',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof EntityRow>;

/** An entity's settings as the API returns them and the audit log records them. */
export interface EntityView {
  id: string;
  code: string;
  name: string;
  currency: string;
  country: string;
  /** The default language: the first of `languages`. */
  language: string;
  languages: string[];
  timeZone: string;
  iban: string | null;
  bic: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  cocNumber: string | null;
  vatNumber: string | null;
  senderEmail: string | null;
  senderName: string | null;
  portalUrl: string | null;
  workingDays: number[];
  holidayCalendar: string | null;
  hasLogo: boolean;
}

export function toEntityView(row: EntityRow): EntityView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    currency: row.currency,
    country: row.country,
    language: row.language,
    // Entities from before the languages column have an empty list: their language alone applies.
    languages: row.languages.length > 0 ? row.languages : [row.language],
    timeZone: row.time_zone,
    iban: row.iban,
    bic: row.bic,
    addressLine: row.address_line,
    postalCode: row.postal_code,
    city: row.city,
    cocNumber: row.coc_number,
    vatNumber: row.vat_number,
    senderEmail: row.sender_email,
    senderName: row.sender_name,
    portalUrl: row.portal_url,
    workingDays: row.working_days.map(Number),
    holidayCalendar: row.holiday_calendar,
    hasLogo: row.logo_content_type !== null,
  };
}

/** Maps validated settings to the columns they are stored in; `language` is the first language. */
export function toEntityColumns(fields: EntityFields): Updateable<EntityTable> {
  const columns: Updateable<EntityTable> = {
    code: fields.code,
    name: fields.name,
    currency: fields.currency,
    country: fields.country,
    languages: fields.languages,
    language: fields.languages?.[0],
    time_zone: fields.timeZone,
    iban: fields.iban,
    bic: fields.bic,
    address_line: fields.addressLine,
    postal_code: fields.postalCode,
    city: fields.city,
    coc_number: fields.cocNumber,
    vat_number: fields.vatNumber,
    sender_email: fields.senderEmail,
    sender_name: fields.senderName,
    portal_url: fields.portalUrl,
    working_days: fields.workingDays,
    holiday_calendar: fields.holidayCalendar,
  };

  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined),
  ) as Updateable<EntityTable>;
}
