import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** The only fax provider: an e-mail-to-fax gateway that faxes the PDF attached to an e-mail. */
export const FAX_GATEWAY_PROVIDER = 'email_gateway';

const NUMBER_PLACEHOLDER = '{number}';

/** A local part and domain, as in user@example.com, with no spaces or angle brackets. */
const EMAIL_ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * The settings of the fax channel: the gateway's address with "{number}"
 * where the fax number goes, such as "{number}@fax.example.net". The
 * placeholder appears once and becomes the number's digits without "+"
 * (see faxNumberDigits); with a sample number the result must be an e-mail
 * address.
 */
export const faxChannelSettings = z.object({
  addressTemplate: z
    .string()
    .trim()
    .max(320)
    .refine(
      (value) => value.split(NUMBER_PLACEHOLDER).length === 2,
      'put {number} exactly once in the address, such as {number}@fax.example.net',
    )
    .refine(
      (value) => EMAIL_ADDRESS.test(value.replace(NUMBER_PLACEHOLDER, '31201234567')),
      'use an e-mail address with {number} in it, such as {number}@fax.example.net',
    ),
});

export type FaxChannelSettings = z.infer<typeof faxChannelSettings>;

/**
 * Reads the organisation's fax channel for sending. Returns undefined when
 * it has none, so that fax messages wait in the outbox. Throws
 * "invalid_input" when the stored settings are unusable.
 */
export async function loadFaxChannel(executor: Executor): Promise<FaxChannelSettings | undefined> {
  const row = await executor
    .selectFrom('channel_settings')
    .select(['provider', 'settings'])
    .where('channel', '=', 'fax')
    .executeTakeFirst();
  if (!row || row.provider !== FAX_GATEWAY_PROVIDER) {
    return undefined;
  }
  const parsed = faxChannelSettings.safeParse(row.settings);
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      'The fax channel settings are invalid (settings.addressTemplate); correct them under channels.',
    );
  }

  return parsed.data;
}

/**
 * Returns the digits of a fax number as the gateway address needs them:
 * spaces, dots, hyphens, slashes and brackets removed, a trunk prefix
 * written as "(0)" dropped, and a leading "+" or "00" removed, so that
 * "+31 (0)20 123 4567" gives "31201234567". Throws when fewer than 6 or
 * more than 15 digits remain, or when other characters remain.
 */
export function faxNumberDigits(number: string): string {
  // NOTE: a national number such as 020 1234567 keeps its leading 0; the gateway decides whether it accepts it.
  const compact = number.replace(/\(0\)/g, '').replace(/[\s.\-()/]/g, '');
  const digits = compact.replace(/^(\+|00)/, '');
  if (!/^\d{6,15}$/.test(digits)) {
    throw new Error(
      `The fax number "${number}" is invalid; use digits with the country code, such as +31 20 123 4567.`,
    );
  }

  return digits;
}

/** Builds the gateway address for one fax number, such as 31201234567@fax.example.net. */
export function faxGatewayAddress(settings: FaxChannelSettings, number: string): string {
  return settings.addressTemplate.replace(NUMBER_PLACEHOLDER, faxNumberDigits(number));
}
