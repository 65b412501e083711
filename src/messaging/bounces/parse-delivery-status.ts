import { simpleParser, type Attachment, type ParsedMail, type StructuredHeader } from 'mailparser';
import { AppError } from '../../errors.ts';

/** The Action values of RFC 3464, section 2.3.3. */
export const DSN_ACTIONS = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'] as const;

export type DsnAction = (typeof DSN_ACTIONS)[number];

/** One per-recipient block of a delivery status notification. */
export interface DsnRecipient {
  /** The address from Final-Recipient, in lower case. */
  finalRecipient: string;
  action: DsnAction;
  /** The enhanced status code, such as 5.1.1 (RFC 3463). */
  status: string;
  /** The Diagnostic-Code without its type, such as "550 5.1.1 User unknown"; null when absent. */
  diagnosticCode: string | null;
}

/** The facts Collecta reads from a delivery status notification (RFC 3464). */
export interface DeliveryStatusReport {
  /** The Message-ID of the e-mail that the report is about, with angle brackets. */
  originalMessageId: string;
  recipients: DsnRecipient[];
}

/** The headers of one header block, keyed by lower-case field name, folded lines joined. */
type HeaderFields = Map<string, string>;

/**
 * Parses a delivery status notification: a multipart/report message with
 * report-type delivery-status. It reads Final-Recipient, Action, Status and
 * Diagnostic-Code of each recipient from the message/delivery-status part,
 * and the original Message-ID from the returned headers (a
 * text/rfc822-headers or message/rfc822 part), else from the report's
 * In-Reply-To or References. Throws invalid_input naming what is missing.
 */
export async function parseDeliveryStatus(raw: Buffer | string): Promise<DeliveryStatusReport> {
  const mail = await parseMime(raw);
  checkReportType(mail);

  const statusPart = mail.attachments.find(
    (attachment) => attachment.contentType === 'message/delivery-status',
  );
  if (!statusPart) {
    throw invalidReport('its message/delivery-status part is missing');
  }
  const recipients = readRecipients(statusPart.content.toString('utf8'));

  return { originalMessageId: findOriginalMessageId(mail), recipients };
}

/**
 * Parses the raw message as MIME. The parser rejects input that is no
 * e-mail, such as a header longer than its limit. Its error becomes
 * invalid_input, as for any other message that is no report.
 */
async function parseMime(raw: Buffer | string): Promise<ParsedMail> {
  try {
    return await simpleParser(raw, { keepDeliveryStatus: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidReport(`it cannot be parsed as an e-mail (${reason})`);
  }
}

function checkReportType(mail: ParsedMail): void {
  const contentType = mail.headers.get('content-type') as StructuredHeader | undefined;
  const type = contentType?.value.toLowerCase() ?? 'none';
  const reportType = contentType?.params['report-type']?.toLowerCase();
  if (type !== 'multipart/report' || reportType !== 'delivery-status') {
    const found = type === 'multipart/report' ? `report-type=${reportType ?? 'none'}` : type;
    throw invalidReport(
      `its content type is ${found}, expected multipart/report; report-type=delivery-status`,
    );
  }
}

/**
 * Reads the per-recipient blocks of a message/delivery-status body. The
 * body has one block of per-message fields (Reporting-MTA, Arrival-Date)
 * and then one block per recipient (RFC 3464, section 2.1). A block with
 * any of Final-Recipient, Action or Status belongs to a recipient.
 */
function readRecipients(body: string): DsnRecipient[] {
  const blocks = splitHeaderBlocks(body).filter(
    (block) => block.has('final-recipient') || block.has('action') || block.has('status'),
  );
  if (blocks.length === 0) {
    throw invalidReport('its message/delivery-status part has no Final-Recipient field');
  }

  return blocks.map(readRecipient);
}

function readRecipient(block: HeaderFields): DsnRecipient {
  const finalRecipient = block.get('final-recipient');
  if (!finalRecipient) {
    throw invalidReport('its message/delivery-status part has no Final-Recipient field');
  }
  const action = block.get('action')?.toLowerCase();
  if (!action) {
    throw invalidReport('its message/delivery-status part has no Action field');
  }
  if (!(DSN_ACTIONS as readonly string[]).includes(action)) {
    throw invalidReport(`its Action "${action}" is not one of ${DSN_ACTIONS.join(', ')}`);
  }
  const status = /\d\.\d{1,3}\.\d{1,3}/.exec(block.get('status') ?? '')?.[0];
  if (!status) {
    throw invalidReport('its message/delivery-status part has no Status field such as 5.1.1');
  }

  return {
    finalRecipient: withoutAddressType(finalRecipient).toLowerCase(),
    action: action as DsnAction,
    status,
    diagnosticCode: diagnosticText(block.get('diagnostic-code')),
  };
}

/** Removes the address type, as in "rfc822; user@example.com", and angle brackets. */
function withoutAddressType(value: string): string {
  const address = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;

  return address.trim().replace(/^<(.*)>$/, '$1');
}

function diagnosticText(value: string | undefined): string | null {
  if (!value) {
    return null;
  }
  const text = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;

  return text.replace(/\s+/g, ' ').trim() || null;
}

/**
 * Finds the Message-ID of the returned e-mail: in the returned headers part,
 * else in In-Reply-To, else the last entry of References.
 */
function findOriginalMessageId(mail: ParsedMail): string {
  const returned = mail.attachments.find(isReturnedMessage);
  const fromHeaders = returned
    ? messageIdIn(splitHeaderBlocks(returned.content.toString('utf8'))[0]?.get('message-id'))
    : undefined;
  if (fromHeaders) {
    return fromHeaders;
  }
  const inReplyTo = messageIdIn(mail.inReplyTo);
  if (inReplyTo) {
    return inReplyTo;
  }
  const references = Array.isArray(mail.references) ? mail.references : [mail.references];
  const lastReference = messageIdIn(references.filter(Boolean).at(-1));
  if (lastReference) {
    return lastReference;
  }

  throw invalidReport(
    'it names no original Message-ID: the returned headers part (text/rfc822-headers or message/rfc822), In-Reply-To and References have none',
  );
}

function isReturnedMessage(attachment: Attachment): boolean {
  return (
    attachment.contentType === 'text/rfc822-headers' ||
    attachment.contentType === 'message/rfc822' ||
    attachment.contentType === 'message/global-headers'
  );
}

function messageIdIn(value: string | undefined): string | undefined {
  const match = /<[^<>\s]+@[^<>\s]+>/.exec(value ?? '');

  return match?.[0];
}

/**
 * Splits text of header fields into blocks at blank lines, joining folded
 * lines (continuations start with a space or tab, RFC 5322 section 2.2.3).
 * Empty blocks are dropped, so the header section of a returned message is
 * the first block.
 */
function splitHeaderBlocks(text: string): HeaderFields[] {
  const blocks: HeaderFields[] = [];
  let current: HeaderFields = new Map();
  let lastName: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      blocks.push(current);
      current = new Map();
      lastName = undefined;
      continue;
    }
    if (/^[ \t]/.test(line) && lastName) {
      current.set(lastName, `${current.get(lastName) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) {
      lastName = line.slice(0, colon).trim().toLowerCase();
      // The first occurrence of a field counts, as RFC 3464 allows each field once per block.
      if (!current.has(lastName)) {
        current.set(lastName, line.slice(colon + 1).trim());
      }
    }
  }
  blocks.push(current);

  return blocks.filter((block) => block.size > 0);
}

function invalidReport(reason: string): AppError {
  return new AppError(
    'invalid_input',
    `The message is not a usable delivery status notification: ${reason}.`,
  );
}
