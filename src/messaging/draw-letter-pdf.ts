import PDFDocument from 'pdfkit';
import type { MergeFields } from './build-merge-fields.ts';
import { drawInvoiceTable } from './draw-letter-table.ts';
import { fitTextLines, type FittedLines } from './fit-text-lines.ts';
import {
  ADDRESS_WINDOW,
  BOLD,
  BOTTOM_LIMIT,
  CONTENT_WIDTH,
  FONT,
  LEFT,
  LOGO_BOX,
  MM,
  RETURN_ZONE_HEIGHT,
  SMALL_PRINT_LINE_GAP,
  SMALL_PRINT_MAX_SIZE,
  SMALL_PRINT_MIN_SIZE,
  type Doc,
} from './letter-geometry.ts';
import type { MessageLabels } from './template-store.ts';
import { toWinAnsi } from './to-win-ansi.ts';

/** Content of a letter, every text already in the message language. */
export interface LetterContent {
  language: string;
  labels: MessageLabels;
  sender: MergeFields['entity'];
  /**
   * The sender's name and postal lines for the return address above the
   * window, and the sender's country when the recipient lives abroad.
   */
  returnAddress: { parts: string[]; country: string | null };
  /** Name, attention line, street, town and, abroad, the country. */
  recipientLines: string[];
  date: string;
  debtorNumber: string;
  subject: string;
  /** Salutation and paragraphs before the invoice table. */
  intro: string;
  /** Paragraphs after the payment block, closing included. */
  outro: string;
  invoices: MergeFields['invoices'];
  total: string;
  /** Open collection costs, interest and fees of the invoices, or null when none is open. */
  charges: MergeFields['charges'];
  payment: MergeFields['payment'];
  qrPng: Buffer | undefined;
  /** The entity's PNG or JPEG logo, drawn at the top right. */
  logo: Buffer | undefined;
}

/**
 * Draws a dunning letter on A4 for a window envelope and returns the PDF.
 * `compress: false` writes readable content streams, for tests.
 */
export async function drawLetterPdf(
  content: LetterContent,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const { doc, finished } = openLetterDocument({
    language: content.language,
    title: content.subject,
    author: content.sender.name,
    compress: options.compress ?? true,
  });

  drawLetter(doc, content);
  doc.end();

  return finished;
}

/**
 * Opens an A4 document for letters, with its first page. `finished`
 * resolves to the PDF once `doc.end()` is called. Pages stay buffered, so
 * that each letter can number its own pages when it is done.
 */
export function openLetterDocument(options: {
  language: string;
  title: string;
  author: string;
  compress: boolean;
}): { doc: Doc; finished: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 20 * MM, bottom: 20 * MM, left: LEFT, right: 20 * MM },
    compress: options.compress,
    bufferPages: true,
    lang: options.language,
    info: { Title: toWinAnsi(options.title), Author: toWinAnsi(options.author) },
  });

  return { doc, finished: collect(doc) };
}

/**
 * Draws one letter into `doc`, starting on its current page, which must be
 * empty. The letter's pages are numbered "page 1/n" on their own, and the
 * document is left on the letter's last page.
 */
export function drawLetter(doc: Doc, content: LetterContent): void {
  const range = doc.bufferedPageRange();
  const firstPage = range.start + range.count - 1;

  drawLetterHead(doc, content);
  drawAddressWindow(doc, content);
  drawReferenceBlock(doc, content);
  drawBody(doc, content);
  drawFooters(doc, content, firstPage);
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawLetterHead(doc: Doc, content: LetterContent): void {
  const logoBottom = content.logo ? drawLogo(doc, content.logo) : 0;

  doc
    .font(BOLD)
    .fontSize(16)
    .text(toWinAnsi(content.sender.name), LEFT, 15 * MM, {
      width: 95 * MM,
    });
  const senderLines = [...content.sender.address_lines];
  if (content.sender.email) {
    senderLines.push(content.sender.email);
  }
  doc
    .font(FONT)
    .fontSize(8)
    .text(toWinAnsi(senderLines.join('\n')), 125 * MM, Math.max(16 * MM, logoBottom + 3 * MM), {
      width: 65 * MM,
    });
}

/** Fits the logo into the logo box at its top right corner and returns the logo's bottom edge in points. */
function drawLogo(doc: Doc, logo: Buffer): number {
  const image = doc.openImage(logo);
  const scale = Math.min(
    (LOGO_BOX.width * MM) / image.width,
    (LOGO_BOX.height * MM) / image.height,
  );
  const width = image.width * scale;
  const height = image.height * scale;
  const right = (LOGO_BOX.left + LOGO_BOX.width) * MM;

  doc.image(logo, right - width, LOGO_BOX.top * MM, { width, height });

  return LOGO_BOX.top * MM + height;
}

function drawAddressWindow(doc: Doc, content: LetterContent): void {
  const left = (ADDRESS_WINDOW.left + 5) * MM;
  const width = (ADDRESS_WINDOW.width - 10) * MM;
  drawReturnAddress(doc, content.returnAddress, left, width);

  // Six lines of 4.5 mm fill the 27.3 mm below the return zone, so the address never leaves the window.
  doc.font(FONT).fontSize(10);
  let y = (ADDRESS_WINDOW.top + RETURN_ZONE_HEIGHT) * MM;
  for (const line of content.recipientLines.slice(0, 6)) {
    doc.text(fitLine(doc, line, width), left, y, { lineBreak: false });
    y += 4.5 * MM;
  }
}

/**
 * Draws the return address at the bottom of the return zone, its last line
 * 5 mm above the recipient's address. The sender's address must stay whole
 * for the postal service, so the line shrinks to the minimum size first,
 * then leaves out the country, then wraps onto a second line between its
 * parts. No word is cut, unless one word alone is wider than the window.
 */
function drawReturnAddress(
  doc: Doc,
  returnAddress: LetterContent['returnAddress'],
  left: number,
  width: number,
): void {
  const withCountry = [
    ...returnAddress.parts,
    ...(returnAddress.country ? [returnAddress.country] : []),
  ];
  const candidates: Array<[string[], number]> = [
    [withCountry, 1],
    [returnAddress.parts, 1],
    [withCountry, 2],
    [returnAddress.parts, 2],
  ];
  doc.font(FONT);
  const fitted = fitFirst(doc, candidates, width);
  const lastTop = (ADDRESS_WINDOW.top + RETURN_ZONE_HEIGHT - 5) * MM;
  drawLinesUpwards(doc, fitted, { left, lastTop, width });
}

/**
 * Draws the lines so that the last one starts at `lastTop`. Unfitted text
 * wraps at its spaces within `width`, at the minimum size.
 */
function drawLinesUpwards(
  doc: Doc,
  fitted: FittedLines | string,
  position: { left: number; lastTop: number; width: number },
): void {
  if (typeof fitted === 'string') {
    doc.fontSize(SMALL_PRINT_MIN_SIZE);
    const height = doc.heightOfString(fitted, { width: position.width });
    const top = position.lastTop + doc.currentLineHeight() - height;
    doc.text(fitted, position.left, top, { width: position.width });
    return;
  }

  doc.fontSize(fitted.fontSize);
  const lineHeight = doc.currentLineHeight() + SMALL_PRINT_LINE_GAP;
  let top = position.lastTop - (fitted.lines.length - 1) * lineHeight;
  for (const line of fitted.lines) {
    doc.text(line, position.left, top, { lineBreak: false });
    top += lineHeight;
  }
}

/**
 * Lays out the first candidate, a list of parts with a maximum line count,
 * that fits `width` at a small-print size. When none fits, because one word
 * is wider than `width` at the minimum size, it returns the last
 * candidate's parts as one text for pdfkit to wrap.
 */
function fitFirst(
  doc: Doc,
  candidates: Array<[string[], number]>,
  width: number,
): FittedLines | string {
  const separator = ' · ';
  for (const [parts, maxLines] of candidates) {
    const fitted = fitTextLines(doc, parts.map(toWinAnsi), {
      width,
      maxLines,
      maxSize: SMALL_PRINT_MAX_SIZE,
      minSize: SMALL_PRINT_MIN_SIZE,
      separator,
    });
    if (fitted) {
      return fitted;
    }
  }
  const lastParts = candidates.at(-1)?.[0] ?? [];

  // NOTE: pdfkit breaks a word wider than the line inside the word; only such a word gets here.
  return lastParts.map(toWinAnsi).join(separator);
}

/** Converts `text` for the standard fonts and shortens it with "…" until it fits `width` points. */
function fitLine(doc: Doc, text: string, width: number): string {
  let line = toWinAnsi(text);
  if (doc.widthOfString(line) <= width) {
    return line;
  }
  while (line.length > 1 && doc.widthOfString(`${line}…`) > width) {
    line = line.slice(0, -1);
  }

  return `${line.trimEnd()}…`;
}

function drawReferenceBlock(doc: Doc, content: LetterContent): void {
  const { labels } = content;
  const rows: Array<[string, string]> = [
    [labels.date, content.date],
    [labels.debtor_number, content.debtorNumber],
  ];
  if (content.payment?.reference) {
    rows.push([labels.payment_reference, content.payment.reference]);
  }

  let y = 62.7 * MM;
  for (const [label, value] of rows) {
    doc
      .font(FONT)
      .fontSize(8)
      .text(toWinAnsi(label), 125 * MM, y, { width: 65 * MM });
    doc
      .font(BOLD)
      .fontSize(9)
      .text(toWinAnsi(value), 125 * MM, y + 3.5 * MM, { width: 65 * MM });
    y += 9 * MM;
  }
}

function drawBody(doc: Doc, content: LetterContent): void {
  doc
    .font(BOLD)
    .fontSize(11)
    .text(toWinAnsi(content.subject), LEFT, 103 * MM, {
      width: CONTENT_WIDTH,
    });
  doc.moveDown(1.2);
  drawParagraphs(doc, content.intro);
  doc.moveDown(0.5);
  drawInvoiceTable(doc, {
    labels: content.labels,
    invoices: content.invoices,
    total: content.total,
    charges: content.charges,
  });
  drawPaymentBlock(doc, content);
  doc.moveDown(1);
  drawParagraphs(doc, content.outro);
}

function drawParagraphs(doc: Doc, text: string): void {
  doc
    .font(FONT)
    .fontSize(10)
    .text(toWinAnsi(text.trim()), LEFT, doc.y, { width: CONTENT_WIDTH, lineGap: 1.5 });
}

function drawPaymentBlock(doc: Doc, content: LetterContent): void {
  const { payment, labels } = content;
  if (!payment) {
    return;
  }
  const blockHeight = 42 * MM;
  if (doc.y + blockHeight > BOTTOM_LIMIT) {
    doc.addPage();
  }
  const top = doc.y + 6 * MM;

  doc.font(BOLD).fontSize(10).text(toWinAnsi(labels.payment_heading), LEFT, top);
  const instruction = payment.reference
    ? labels.payment_instruction
    : labels.payment_instruction_without_reference;
  doc
    .font(FONT)
    .fontSize(9)
    .text(toWinAnsi(instruction), LEFT, doc.y + 1 * MM, { width: 120 * MM });
  const rows: Array<[string, string | null]> = [
    [labels.beneficiary, payment.beneficiary],
    [labels.iban, payment.iban],
    [labels.bic, payment.bic],
    [labels.payment_reference, payment.reference],
    [labels.amount_to_pay, content.charges?.total_due ?? content.total],
  ];
  let y = doc.y + 2 * MM;
  for (const [label, value] of rows) {
    if (!value) {
      continue;
    }
    doc
      .font(FONT)
      .fontSize(9)
      .text(toWinAnsi(label), LEFT, y, { width: 40 * MM });
    doc.font(BOLD).text(toWinAnsi(value), LEFT + 40 * MM, y, { width: 80 * MM });
    // A long beneficiary name wraps, and the next row starts below it.
    y = Math.max(y + 4.8 * MM, doc.y + 1.4 * MM);
  }

  let bottom = y;
  if (content.qrPng) {
    const size = 32 * MM;
    doc.image(content.qrPng, LEFT + 130 * MM, top, { width: size, height: size });
    doc
      .font(FONT)
      .fontSize(7)
      .text(toWinAnsi(labels.scan_to_pay), LEFT + 128 * MM, top + size + 1 * MM, {
        width: 37 * MM,
        align: 'center',
      });
    bottom = Math.max(bottom, doc.y);
  }
  doc.x = LEFT;
  doc.y = bottom;
}

/**
 * Draws the footer on the letter's pages, from `firstPage` to the document's
 * last page. The footer must show the registration and VAT numbers in full,
 * so it shrinks to the minimum size and then wraps onto up to three lines
 * between its parts, its last line level with the page number.
 */
function drawFooters(doc: Doc, content: LetterContent, firstPage: number): void {
  const { sender, labels } = content;
  const parts = [sender.name, ...sender.address_lines];
  if (sender.coc_number) {
    parts.push(`${labels.coc_number} ${sender.coc_number}`);
  }
  if (sender.vat_number) {
    parts.push(`${labels.vat_number} ${sender.vat_number}`);
  }
  const width = 135 * MM;
  doc.font(FONT);
  const footer = fitFirst(
    doc,
    [
      [parts, 1],
      [parts, 2],
      [parts, 3],
    ],
    width,
  );

  const range = doc.bufferedPageRange();
  const lastPage = range.start + range.count - 1;
  const pageCount = lastPage - firstPage + 1;
  for (let index = firstPage; index <= lastPage; index += 1) {
    doc.switchToPage(index);
    // Text below the bottom margin would make pdfkit start a new page; lift the margin while drawing.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font(FONT).fillColor('#6b7280');
    drawLinesUpwards(doc, footer, { left: LEFT, lastTop: 282 * MM, width });
    doc
      .fontSize(7)
      .text(toWinAnsi(`${labels.page} ${index - firstPage + 1}/${pageCount}`), 165 * MM, 282 * MM, {
        width: 25 * MM,
        align: 'right',
        lineBreak: false,
      })
      .fillColor('black');
    doc.page.margins.bottom = margin;
  }
  doc.switchToPage(lastPage);
}
