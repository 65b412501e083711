import { sql } from 'kysely';
import QRCode from 'qrcode';
import { recordAudit } from '../audit/record-audit.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import { buildOtpauthUrl, createTotpSecret, verifyTotp } from './totp.ts';
import { sqlNow } from './sql-now.ts';

export interface TotpEnrolment {
  /** Base32 secret, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code, a PNG data URL. */
  qrDataUrl: string;
}

async function readTotpState(trx: TenantTransaction, userId: string) {
  const user = await trx
    .selectFrom('users')
    .select(['username', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) {
    throw new AppError('not_found', `User ${userId} does not exist.`);
  }

  return user;
}

/**
 * Starts TOTP enrolment: stores a new secret that is not yet in use and
 * returns it for the authenticator app. Login requires a code only after
 * confirmTotp. Starting again replaces an unconfirmed secret.
 */
export async function startTotpEnrolment(
  trx: TenantTransaction,
  params: { userId: string },
): Promise<TotpEnrolment> {
  const user = await readTotpState(trx, params.userId);
  if (user.totp_enabled_at) {
    throw new AppError(
      'conflict',
      'Two-factor login is already on; turn it off first to enrol a new device.',
    );
  }

  const secret = createTotpSecret();
  await trx
    .updateTable('users')
    .set({ totp_secret: secret, totp_last_step: null, updated_at: sqlNow() })
    .where('id', '=', params.userId)
    .execute();
  const otpauthUrl = buildOtpauthUrl({ secret, username: user.username });

  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl) };
}

/** Turns TOTP on after checking a code of the secret that enrolment started with. */
export async function confirmTotp(
  trx: TenantTransaction,
  params: { organisationId: string; userId: string; code: string },
): Promise<void> {
  const user = await readTotpState(trx, params.userId);
  if (user.totp_enabled_at) {
    throw new AppError('conflict', 'Two-factor login is already on.');
  }
  if (!user.totp_secret) {
    throw new AppError(
      'conflict',
      'Start enrolment first with POST /api/account/totp, then confirm a code of the new secret.',
    );
  }
  const step = verifyTotp({
    secret: user.totp_secret,
    code: params.code,
    timeMilliseconds: Date.now(),
    lastUsedStep: null,
  });
  if (step === undefined) {
    throw new AppError(
      'invalid_input',
      'code: the code is wrong; enter the 6 digits the app shows now, and check that the phone clock is right.',
    );
  }

  await trx
    .updateTable('users')
    .set({
      totp_enabled_at: sql<Date>`now()`,
      totp_last_step: step,
      updated_at: sqlNow(),
    })
    .where('id', '=', params.userId)
    .execute();
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.userId,
    action: 'user.totp_enabled',
    subjectType: 'user',
    subjectId: params.userId,
    before: { totpEnabled: false },
    after: { totpEnabled: true },
  });
}

/**
 * Turns TOTP off. A user turning off their own needs a current code
 * (`code`); an administrator turning off another user's, such as after a
 * lost phone, passes none.
 */
export async function disableTotp(
  trx: TenantTransaction,
  params: { organisationId: string; actor: string; userId: string; code?: string },
): Promise<void> {
  const user = await readTotpState(trx, params.userId);
  if (params.code !== undefined) {
    if (!user.totp_enabled_at || !user.totp_secret) {
      throw new AppError('conflict', 'Two-factor login is not on.');
    }
    const step = verifyTotp({
      secret: user.totp_secret,
      code: params.code,
      timeMilliseconds: Date.now(),
      lastUsedStep: user.totp_last_step,
    });
    if (step === undefined) {
      throw new AppError('forbidden', 'The code is wrong; two-factor login stays on.');
    }
  }
  const wasEnabled = user.totp_enabled_at !== null;

  await trx
    .updateTable('users')
    .set({
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      updated_at: sqlNow(),
    })
    .where('id', '=', params.userId)
    .execute();
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'user.totp_disabled',
    subjectType: 'user',
    subjectId: params.userId,
    before: { totpEnabled: wasEnabled },
    after: { totpEnabled: false },
  });
}
