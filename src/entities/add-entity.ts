import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Executor } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { isTimeZone } from '../dates/plain-date.ts';
import { isCurrencyCode } from '../money/money.ts';
import { isValidIban, normaliseIban } from '../payments/iban.ts';

/**
 * Language and time zone of countries where one of each is the clear
 * default. Countries with several languages or zones (BE, CH, US, ...) are
 * left out on purpose, so they fall back to English and UTC unless given.
 */
const countryDefaults: Record<string, { language: string; timeZone: string }> = {
  NL: { language: 'nl', timeZone: 'Europe/Amsterdam' },
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

export const addEntityInput = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'use 1 to 32 letters, digits, "-" and "_"'),
  name: z.string().trim().min(1).max(200),
  currency: z
    .string()
    .transform((value) => value.toUpperCase())
    .refine(isCurrencyCode, 'use a three-letter ISO 4217 code such as EUR'),
  country: z
    .string()
    .transform((value) => value.toUpperCase())
    .refine((value) => /^[A-Z]{2}$/.test(value), 'use a two-letter ISO 3166 code such as NL'),
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'use a two-letter ISO 639-1 code such as nl')
    .optional(),
  timeZone: z
    .string()
    .refine(isTimeZone, 'use an IANA time zone such as Europe/Amsterdam')
    .optional(),
  iban: z
    .string()
    .transform(normaliseIban)
    .refine(isValidIban, 'the IBAN check digits or length are wrong')
    .optional(),
  bic: z
    .string()
    .transform((value) => value.replace(/\s/g, '').toUpperCase())
    .refine(
      (value) => /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(value),
      'use an 8 or 11 character BIC',
    )
    .optional(),
  senderEmail: z.string().email().optional(),
  senderName: z.string().min(1).max(200).optional(),
});

export type AddEntityInput = z.input<typeof addEntityInput>;

/** Adds an entity; language and time zone default from the country where that is unambiguous. */
export async function addEntity(
  executor: Executor,
  params: { organisationId: string; actor: string; input: AddEntityInput },
): Promise<Entity> {
  const parsed = addEntityInput.safeParse(params.input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `--${issue.path.join('.')}: ${issue.message}`,
    );
    throw new AppError('invalid_input', `Invalid entity: ${problems.join('; ')}.`);
  }
  const input = parsed.data;
  const defaults = countryDefaults[input.country];

  const existing = await executor
    .selectFrom('entities')
    .select('id')
    .where('organisation_id', '=', params.organisationId)
    .where('code', '=', input.code)
    .executeTakeFirst();
  if (existing) {
    throw new AppError(
      'already_exists',
      `Entity code "${input.code}" is already in use; choose another code.`,
    );
  }

  const entity = await executor
    .insertInto('entities')
    .values({
      organisation_id: params.organisationId,
      code: input.code,
      name: input.name,
      currency: input.currency,
      country: input.country,
      language: input.language ?? defaults?.language ?? 'en',
      time_zone: input.timeZone ?? defaults?.timeZone ?? 'UTC',
      iban: input.iban ?? null,
      bic: input.bic ?? null,
      sender_email: input.senderEmail ?? null,
      sender_name: input.senderName ?? null,
      address_line: null,
      postal_code: null,
      city: null,
      coc_number: null,
      vat_number: null,
      portal_url: null,
      logo: null,
      logo_content_type: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.created',
    subjectType: 'entity',
    subjectId: entity.id,
    after: entity,
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
