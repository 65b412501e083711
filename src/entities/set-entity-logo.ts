import PDFDocument from 'pdfkit';
import type { Executor } from '../db/database.ts';
import type { LogoContentType } from '../db/schema.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors.ts';

/** Maximum logo size in bytes (512 KiB). The database enforces the same limit. */
export const MAX_LOGO_BYTES = 512 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/**
 * Stores a PNG or JPEG as the entity's logo, replacing any earlier one, so
 * its letters show it at the top right. The type comes from the file's
 * magic bytes, not its name. The audit event records the size in bytes and
 * the content type, never the image itself.
 */
export async function setEntityLogo(
  executor: Executor,
  params: {
    organisationId: string;
    entityId: string;
    actor: string;
    content: Buffer;
    /** Name of the file, shown in error messages. Defaults to "image", so messages read "Logo image ...". */
    fileName?: string;
  },
): Promise<{ contentType: LogoContentType; bytes: number }> {
  const contentType = validateLogo(params.content, params.fileName ?? 'image');

  const before = await executor
    .selectFrom('entities')
    .select([
      'logo_content_type',
      (eb) => eb.fn<number | null>('octet_length', ['logo']).as('bytes'),
    ])
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!before) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }

  await executor
    .updateTable('entities')
    .set({ logo: params.content, logo_content_type: contentType })
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .execute();

  const after = { contentType, bytes: params.content.length };
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.logo_set',
    subjectType: 'entity',
    subjectId: params.entityId,
    entityId: params.entityId,
    before: before.logo_content_type
      ? { contentType: before.logo_content_type, bytes: Number(before.bytes) }
      : null,
    after,
  });

  return after;
}

/**
 * Detects a PNG or JPEG logo by its magic bytes and returns its content type. Anything else,
 * a damaged image or one over 512 KiB throws invalid_input naming `fileName`.
 */
export function validateLogo(content: Buffer, fileName: string): LogoContentType {
  if (content.length > MAX_LOGO_BYTES) {
    throw new AppError(
      'invalid_input',
      `Logo ${fileName} is too large: ${content.length} bytes, at most ${MAX_LOGO_BYTES} (512 KiB) allowed. Scale it down or export it with stronger compression.`,
    );
  }
  let contentType: LogoContentType;
  if (startsWith(content, PNG_SIGNATURE)) {
    contentType = 'image/png';
  } else if (startsWith(content, JPEG_SIGNATURE)) {
    contentType = 'image/jpeg';
  } else {
    throw new AppError(
      'invalid_input',
      `Logo ${fileName} is not a PNG or JPEG image (its first bytes match neither format). Export the logo as PNG or JPEG.`,
    );
  }

  assertPdfCanEmbed(content, fileName);

  return contentType;
}

/**
 * Opens the image the way the letter does, so a damaged file is rejected
 * here and not when every letter of the entity fails to render.
 */
function assertPdfCanEmbed(content: Buffer, fileName: string): void {
  const doc = new PDFDocument({ autoFirstPage: false });
  try {
    doc.openImage(content);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'invalid_input',
      `Logo ${fileName} cannot be read as an image: ${reason}. Export the logo again as PNG or JPEG.`,
    );
  }
}

function startsWith(content: Buffer, signature: number[]): boolean {
  return signature.every((byte, index) => content[index] === byte);
}
