import { AppError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Rejects an id that is not a UUID with not_found, as a missing row would
 * be, instead of letting PostgreSQL fail the transaction on the cast.
 */
export function requireUuid(value: string, label: string): string {
  if (!UUID.test(value)) {
    throw new AppError('not_found', `${label} ${value} does not exist.`);
  }

  return value;
}
