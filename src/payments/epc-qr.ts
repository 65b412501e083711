import QRCode from 'qrcode';
import { AppError } from '../errors.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../money/money.ts';
import { isValidIban, normaliseIban } from './iban.ts';
import { checkPaymentReference } from './parse-payment-reference.ts';

/**
 * EPC QR code for a SEPA credit transfer (EPC069-12, also called GiroCode):
 * twelve text lines in a fixed order, in a QR code of error-correction level
 * M and at most 331 bytes, which keeps it within QR version 13.
 */
export type EpcVersion = '001' | '002';

/**
 * Character set of the payload: 1 is UTF-8, 2 is ISO 8859-1. The standard
 * defines 3 to 8 for other ISO 8859 parts.
 * NOTE: character sets 3 to 8 are not supported.
 */
export type EpcCharacterSet = 1 | 2;

export interface EpcPaymentInput {
  /** Default '002'. Version 001 requires the BIC. */
  version?: EpcVersion;
  /** Default 1 (UTF-8). */
  characterSet?: EpcCharacterSet;
  /** BIC of the beneficiary's bank, 8 or 11 characters. */
  bic?: string;
  /** Beneficiary name, at most 70 characters. */
  name: string;
  iban: string;
  /** Amount in euro cents, 1 to 99,999,999,999; absent lets the payer fill it in. */
  amountMinor?: number;
  /** Currency of `amountMinor`; only EUR is allowed (the default). */
  currency?: string;
  /** ISO 20022 purpose code of 4 letters or digits, such as GDDS or CHAR. */
  purpose?: string;
  /**
   * Structured remittance: an ISO 11649 RF reference or a Dutch payment
   * reference (betalingskenmerk); excludes `text`.
   */
  creditorReference?: string;
  /** Unstructured remittance information, at most 140 characters; excludes `creditorReference`. */
  text?: string;
  /** Beneficiary-to-originator information, at most 70 characters. */
  information?: string;
}

const MAX_PAYLOAD_BYTES = 331;
const MIN_AMOUNT_MINOR = 1;
const MAX_AMOUNT_MINOR = 99_999_999_999;
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/**
 * Builds the EPC QR payload for a credit transfer: lines separated by LF,
 * ending at the last filled field with no separator after it. Throws
 * AppError('invalid_input') naming the first field that breaks the rules.
 */
export function buildEpcPayload(input: EpcPaymentInput): string {
  const version = input.version ?? '002';
  const characterSet = input.characterSet ?? 1;
  if (version !== '001' && version !== '002') {
    throw invalid(`version "${String(version)}" is not supported; use "001" or "002"`);
  }
  if (characterSet !== 1 && characterSet !== 2) {
    throw invalid(
      `character set ${String(characterSet)} is not supported; use 1 (UTF-8) or 2 (ISO 8859-1)`,
    );
  }

  const fields = [
    'BCD',
    version,
    String(characterSet),
    'SCT',
    checkBic(input.bic, version),
    checkText('name', input.name, 70, { required: true }),
    checkIban(input.iban),
    formatEpcAmount(input.amountMinor, input.currency),
    checkPurpose(input.purpose),
    ...checkRemittance(input.creditorReference, input.text),
    checkText('information', input.information, 70),
  ];
  while (fields.length > 0 && fields[fields.length - 1] === '') {
    fields.pop();
  }
  const payload = fields.join('\n');

  checkCharacterSet(payload, characterSet);
  const bytes = encodeEpcPayload(payload).length;
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw invalid(
      `the payload is ${bytes} bytes; the maximum is ${MAX_PAYLOAD_BYTES}, so shorten the texts`,
    );
  }

  return payload;
}

/**
 * Parses a euro amount written as a decimal string with a decimal point,
 * such as "12.30", into cents, and checks the EPC range 0.01 to
 * 999999999.99. More than two decimals is an error, never a rounding.
 */
export function parseEpcAmount(decimal: string): number {
  let minor: number;
  try {
    minor = parseAmount(decimal, 'EUR', '.');
  } catch (error) {
    if (error instanceof AmountParseError) {
      throw invalid(`amount "${decimal}" ${error.message}`);
    }
    throw error;
  }
  checkAmountRange(minor, decimal);

  return minor;
}

/**
 * Encodes the payload into the bytes that the QR code carries: UTF-8, or
 * ISO 8859-1 when its character-set line is 2.
 */
export function encodeEpcPayload(payload: string): Buffer {
  const characterSet = payload.split('\n')[2];

  return Buffer.from(payload, characterSet === '2' ? 'latin1' : 'utf8');
}

/** Renders the payload as a PNG image of a QR code with error-correction level M. */
export function renderEpcQrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(qrSegments(payload), { type: 'png', errorCorrectionLevel: 'M' });
}

/** Renders the payload as a `data:image/png;base64,...` URL, for HTML and e-mail. */
export function renderEpcQrDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(qrSegments(payload), { type: 'image/png', errorCorrectionLevel: 'M' });
}

/** One byte-mode segment, so the QR code contains exactly the encoded payload. */
function qrSegments(payload: string): QRCode.QRCodeSegment[] {
  return [{ mode: 'byte', data: encodeEpcPayload(payload) }];
}

/** "EUR12.3" for 1230 cents: a decimal point and no trailing zeros, as EPC069-12 writes it. */
function formatEpcAmount(amountMinor: number | undefined, currency: string | undefined): string {
  if (currency !== undefined && currency.toUpperCase() !== 'EUR') {
    throw invalid(`currency ${currency} is not allowed; EPC QR codes carry euro amounts only`);
  }
  if (amountMinor === undefined) {
    return '';
  }
  if (!Number.isSafeInteger(amountMinor)) {
    throw invalid(`amount ${amountMinor} is not a whole number of cents`);
  }
  checkAmountRange(amountMinor, formatDecimal(amountMinor, 'EUR'));
  const decimal = formatDecimal(amountMinor, 'EUR').replace(/\.?0+$/, '');

  return `EUR${decimal}`;
}

function checkAmountRange(minor: number, written: string): void {
  if (minor < MIN_AMOUNT_MINOR || minor > MAX_AMOUNT_MINOR) {
    throw invalid(`amount ${written} is outside the range 0.01 to 999999999.99 EUR`);
  }
}

function checkBic(bic: string | undefined, version: EpcVersion): string {
  if (bic === undefined || bic.trim() === '') {
    if (version === '001') {
      throw invalid('the BIC is missing; version 001 requires it (version 002 does not)');
    }
    return '';
  }
  const normalised = bic.replace(/\s/g, '').toUpperCase();
  if (!BIC.test(normalised)) {
    throw invalid(`BIC "${bic}" is invalid; use 8 or 11 letters and digits`);
  }

  return normalised;
}

function checkIban(iban: string): string {
  const normalised = normaliseIban(iban);
  if (normalised.length > 34 || !isValidIban(normalised)) {
    throw invalid(`IBAN "${iban}" is invalid: wrong check digits, length or country format`);
  }

  return normalised;
}

function checkPurpose(purpose: string | undefined): string {
  if (purpose === undefined || purpose === '') {
    return '';
  }
  const normalised = purpose.toUpperCase();
  if (!/^[A-Z0-9]{4}$/.test(normalised)) {
    throw invalid(`purpose "${purpose}" is invalid; use a 4-character ISO 20022 code such as GDDS`);
  }

  return normalised;
}

/** Checks and returns the structured and unstructured remittance fields, of which at most one is filled. */
function checkRemittance(
  reference: string | undefined,
  text: string | undefined,
): [string, string] {
  const hasReference = reference !== undefined && reference !== '';
  const hasText = text !== undefined && text !== '';
  if (hasReference && hasText) {
    throw invalid('give either a creditor reference or a remittance text, not both');
  }
  if (hasReference) {
    // EPC069-12 allows any creditor reference in this field (at most 35 characters) and
    // recommends ISO 11649. Dutch banks issue the betalingskenmerk as a structured reference.
    // NOTE: it is unverified whether every payer's banking app passes a Dutch reference on as
    // structured. An app that does not sends it as free text, which the statement matcher
    // also reads.
    const check = checkPaymentReference(reference);
    if (!check.valid) {
      throw invalid(
        `creditor reference "${reference}" is neither a valid ISO 11649 RF reference nor a valid Dutch payment reference`,
      );
    }
    return [check.reference, ''];
  }

  return ['', checkText('text', text, 140)];
}

function checkText(
  field: string,
  value: string | undefined,
  maxLength: number,
  options: { required?: boolean } = {},
): string {
  if (value === undefined || value.trim() === '') {
    if (options.required) {
      throw invalid(`${field} is missing`);
    }
    return '';
  }
  if (/[\r\n]/.test(value)) {
    throw invalid(`${field} contains a line break, which would end the field`);
  }
  const length = [...value].length;
  if (length > maxLength) {
    throw invalid(`${field} is ${length} characters; the maximum is ${maxLength}`);
  }

  return value;
}

function checkCharacterSet(payload: string, characterSet: EpcCharacterSet): void {
  if (characterSet !== 2) {
    return;
  }
  const outside = [...payload].find((character) => (character.codePointAt(0) ?? 0) > 0xff);
  if (outside !== undefined) {
    throw invalid(`"${outside}" is not in ISO 8859-1; use character set 1 (UTF-8)`);
  }
}

function invalid(problem: string): AppError {
  return new AppError('invalid_input', `Invalid EPC QR payment: ${problem}.`);
}
