import { AppError } from '../errors.ts';

/** Largest attachment of an issue: 10 MiB. The database enforces the same limit. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Bytes from the start of a file that the content checks read. */
const SAMPLE_BYTES = 8192;

interface AttachmentType {
  label: string;
  /** File name extensions of the type, without the dot; they decide the type of a generic upload. */
  extensions: readonly string[];
  /** Further extensions that a file declared as this type may have. */
  otherExtensions?: readonly string[];
  /** Whether the first bytes of the file fit the type. */
  matches(sample: Buffer): boolean;
}

const startsWith = (signature: readonly number[] | string) => (sample: Buffer) => {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature;
  return sample.length >= bytes.length && bytes.every((byte, index) => sample[index] === byte);
};

/**
 * Text has no control characters other than tab, line feed, form feed,
 * carriage return and escape. Any byte of 0x80 and above passes, so that
 * UTF-8 and Windows-1252 exports are both accepted.
 */
function looksLikeText(sample: Buffer): boolean {
  return sample.every(
    (byte) =>
      byte >= 0x20 ||
      byte === 0x09 ||
      byte === 0x0a ||
      byte === 0x0c ||
      byte === 0x0d ||
      byte === 0x1b,
  );
}

/** A ZIP archive's local file header, the container of .docx and .xlsx files. */
const isZip = startsWith([0x50, 0x4b, 0x03, 0x04]);

/** The content types an issue attachment may have, each checked by its first bytes. */
export const ATTACHMENT_TYPES: Readonly<Record<string, AttachmentType>> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'], matches: startsWith('%PDF-') },
  'image/png': {
    label: 'PNG',
    extensions: ['png'],
    matches: startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  'image/jpeg': {
    label: 'JPEG',
    extensions: ['jpg', 'jpeg'],
    matches: startsWith([0xff, 0xd8, 0xff]),
  },
  'image/gif': {
    label: 'GIF',
    extensions: ['gif'],
    matches: (sample) => startsWith('GIF87a')(sample) || startsWith('GIF89a')(sample),
  },
  'image/webp': {
    label: 'WebP',
    extensions: ['webp'],
    matches: (sample) =>
      startsWith('RIFF')(sample) && sample.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  'text/plain': {
    label: 'plain text',
    extensions: ['txt', 'text', 'log'],
    // Some systems declare CSV exports as plain text.
    otherExtensions: ['csv'],
    matches: looksLikeText,
  },
  'text/csv': { label: 'CSV', extensions: ['csv'], matches: looksLikeText },
  'message/rfc822': {
    label: 'e-mail (.eml)',
    extensions: ['eml'],
    // A message starts with a header field ("Received: ...") or an mbox "From " line.
    matches: (sample) =>
      looksLikeText(sample) && /^(\uFEFF)?([!-9;-~]+:|From )/.test(sample.toString('utf8')),
  },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    label: 'Word (.docx)',
    extensions: ['docx'],
    matches: isZip,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    label: 'Excel (.xlsx)',
    extensions: ['xlsx'],
    matches: isZip,
  },
};

const ALLOWED_LABELS = Object.values(ATTACHMENT_TYPES)
  .map((type) => type.label)
  .join(', ');

/** Other names that clients send for an allowed type. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/csv': 'text/csv',
  'text/comma-separated-values': 'text/csv',
  'application/x-pdf': 'application/pdf',
};

/** Generic declared types, for which the file name's extension determines the type. */
const UNSPECIFIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/** Returns the file name without directories and control characters, at most 255 characters. */
export function cleanFileName(fileName: string | undefined): string {
  const base = (fileName ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();

  return cleaned === '' ? 'attachment' : cleaned.slice(-255);
}

/**
 * Returns the allowed content type of an uploaded file, checked against its
 * first bytes. The declared type counts when it is allowed; when the client
 * declared none or a generic one, the file name's extension decides. Windows
 * browsers declare .csv files as application/vnd.ms-excel, so that type with
 * a .csv name counts as CSV. The name must end in an extension of the type,
 * because downloads keep the name and the operating system opens a file by
 * its extension: evil.html declared as plain text would open in a browser.
 * Throws invalid_input naming the file and the allowed types for an empty
 * file, a type off the list, an extension that does not fit the type, or
 * content that does not match its type.
 */
export function checkAttachmentContent(params: {
  fileName: string;
  declaredType: string | undefined;
  content: Buffer;
}): string {
  const { fileName, content } = params;
  if (content.length === 0) {
    throw new AppError('invalid_input', `file: ${fileName} is empty; attach a file with content.`);
  }
  const extension = fileName.includes('.') ? (fileName.split('.').pop() ?? '').toLowerCase() : '';
  const declared = (params.declaredType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const normalized = TYPE_ALIASES[declared] ?? declared;
  let contentType: string | undefined;
  if (Object.hasOwn(ATTACHMENT_TYPES, normalized)) {
    contentType = normalized;
  } else if (
    UNSPECIFIC_TYPES.has(normalized) ||
    (normalized === 'application/vnd.ms-excel' && extension === 'csv')
  ) {
    contentType = Object.keys(ATTACHMENT_TYPES).find((type) =>
      ATTACHMENT_TYPES[type]?.extensions.includes(extension),
    );
  }
  const type = contentType === undefined ? undefined : ATTACHMENT_TYPES[contentType];
  if (contentType === undefined || type === undefined) {
    throw new AppError(
      'invalid_input',
      `file: ${fileName} has the type ${declared || 'unknown'}, which issues do not accept; attach one of ${ALLOWED_LABELS}.`,
    );
  }
  requireFittingExtension(fileName, extension, type);
  if (!type.matches(content.subarray(0, SAMPLE_BYTES))) {
    throw new AppError(
      'invalid_input',
      `file: ${fileName} is declared as ${type.label} but its content is not ${type.label}; attach the original file, or one of ${ALLOWED_LABELS}.`,
    );
  }

  return contentType;
}

function requireFittingExtension(fileName: string, extension: string, type: AttachmentType): void {
  const allowed = [...type.extensions, ...(type.otherExtensions ?? [])];
  if (allowed.includes(extension)) {
    return;
  }
  const found = extension === '' ? 'no extension' : `the extension .${extension}`;
  const list = allowed.map((candidate) => `.${candidate}`).join(', ');
  throw new AppError(
    'invalid_input',
    `file: ${fileName} has ${found}, which is not allowed for ${type.label}; allowed are ${list}. Rename the file to the extension of its type.`,
  );
}

/**
 * Builds a Content-Disposition header that makes browsers download the file
 * under its name: an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187).
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );

  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
