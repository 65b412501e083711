import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Executor } from '../db/database.ts';

/** Path of the portal's page; a debtor's portal link adds its token. */
export const PORTAL_PATH = '/portal';

/**
 * A portal token is 48 bytes in base64url (64 characters): the organisation
 * id (16 bytes), the debtor id (16 bytes) and the first 16 bytes of the
 * HMAC-SHA256 over both ids and the debtor's portal_version.
 */
export const PORTAL_TOKEN = /^[A-Za-z0-9_-]{64}$/;

const ID_BYTES = 16;
const MAC_BYTES = 16;

/** The ids a portal token names; its MAC is still to be checked against the secret. */
export interface PortalTokenClaim {
  organisationId: string;
  debtorId: string;
  mac: Buffer;
}

/**
 * Derives a debtor's portal token. The token depends only on the
 * organisation's secret, the ids and the portal version, so the preview, the
 * e-mail and the letter print the same address, and nothing of it is stored.
 */
export function derivePortalToken(
  secret: string,
  params: { organisationId: string; debtorId: string; portalVersion: number },
): string {
  const mac = portalMac(secret, params);

  return Buffer.concat([
    uuidBytes(params.organisationId),
    uuidBytes(params.debtorId),
    mac,
  ]).toString('base64url');
}

/** Reads the ids out of a portal token; returns null when the token is malformed. */
export function parsePortalToken(token: string): PortalTokenClaim | null {
  if (!PORTAL_TOKEN.test(token)) {
    return null;
  }
  const bytes = Buffer.from(token, 'base64url');

  return {
    organisationId: uuidString(bytes.subarray(0, ID_BYTES)),
    debtorId: uuidString(bytes.subarray(ID_BYTES, 2 * ID_BYTES)),
    mac: bytes.subarray(2 * ID_BYTES),
  };
}

/** Checks in constant time that a token's MAC belongs to the debtor's current portal version. */
export function portalMacMatches(
  secret: string,
  claim: PortalTokenClaim,
  portalVersion: number,
): boolean {
  const expected = portalMac(secret, { ...claim, portalVersion });

  return claim.mac.length === expected.length && timingSafeEqual(claim.mac, expected);
}

/** Builds a debtor's portal link: the entity's portal_url, else PUBLIC_URL, then /portal/<token>. */
export function buildPortalUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${PORTAL_PATH}/${token}`;
}

/**
 * Returns the organisation's portal secret, making it the first time. Two
 * concurrent first calls both insert with ON CONFLICT DO NOTHING and then
 * read the one row that won.
 */
export async function ensurePortalSecret(
  executor: Executor,
  organisationId: string,
): Promise<string> {
  await executor
    .insertInto('portal_secrets')
    .values({ organisation_id: organisationId, secret: randomBytes(32).toString('base64url') })
    .onConflict((conflict) => conflict.column('organisation_id').doNothing())
    .execute();
  const row = await executor
    .selectFrom('portal_secrets')
    .select('secret')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();

  return row.secret;
}

function portalMac(
  secret: string,
  params: { organisationId: string; debtorId: string; portalVersion: number },
): Buffer {
  return createHmac('sha256', secret)
    .update(
      `collecta portal\n${params.organisationId}\n${params.debtorId}\n${params.portalVersion}`,
    )
    .digest()
    .subarray(0, MAC_BYTES);
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex');
}

function uuidString(bytes: Buffer): string {
  const hex = bytes.toString('hex');

  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
