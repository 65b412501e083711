import type { MergeFields } from './build-merge-fields.ts';
import { BOLD, BOTTOM_LIMIT, CONTENT_WIDTH, FONT, LEFT, MM, type Doc } from './letter-geometry.ts';
import type { MessageLabels } from './template-store.ts';
import { toWinAnsi } from './to-win-ansi.ts';

/** Column layout of the invoice table, left to right, in millimetres. */
const columns = [
  { key: 'number', width: 35, align: 'left' },
  { key: 'invoice_date', width: 26, align: 'left' },
  { key: 'due_date', width: 26, align: 'left' },
  { key: 'days_past_due', width: 22, align: 'right' },
  { key: 'amount', width: 28, align: 'right' },
  { key: 'open', width: 28, align: 'right' },
] as const;

type ColumnKey = (typeof columns)[number]['key'];

/**
 * Draws the invoice table from the current position: a shaded header row,
 * one row per invoice and the total row. A row that does not fit starts a
 * new page.
 */
export function drawInvoiceTable(
  doc: Doc,
  content: { labels: MessageLabels; invoices: MergeFields['invoices']; total: string },
): void {
  const { labels } = content;
  const header: Record<ColumnKey, string> = {
    number: labels.invoice_number,
    invoice_date: labels.invoice_date,
    due_date: labels.due_date,
    days_past_due: labels.days_past_due,
    amount: labels.amount,
    open: labels.open_amount,
  };
  drawTableRow(doc, header, { bold: true, shaded: true });
  for (const invoice of content.invoices) {
    drawTableRow(doc, {
      number: invoice.number,
      invoice_date: invoice.invoice_date,
      due_date: invoice.due_date,
      days_past_due: invoice.days_past_due > 0 ? String(invoice.days_past_due) : '–',
      amount: invoice.amount,
      open: invoice.open,
    });
  }
  const totalRow = { number: labels.total, invoice_date: '', due_date: '', days_past_due: '' };
  drawTableRow(doc, { ...totalRow, amount: '', open: content.total }, { bold: true, rule: true });
}

function drawTableRow(
  doc: Doc,
  cells: Record<ColumnKey, string>,
  style: { bold?: boolean; shaded?: boolean; rule?: boolean } = {},
): void {
  const padding = 1.5 * MM;
  doc.font(style.bold ? BOLD : FONT).fontSize(8.5);
  const cellHeights = columns.map((column) =>
    doc.heightOfString(toWinAnsi(cells[column.key]), { width: column.width * MM - 2 * padding }),
  );
  const height = Math.max(...cellHeights) + 2 * padding;
  if (doc.y + height > BOTTOM_LIMIT) {
    doc.addPage();
  }
  const top = doc.y;
  if (style.shaded) {
    doc.rect(LEFT, top, CONTENT_WIDTH, height).fill('#e9ecef').fillColor('black');
  }
  if (style.rule) {
    doc
      .moveTo(LEFT, top)
      .lineTo(LEFT + CONTENT_WIDTH, top)
      .lineWidth(0.5)
      .stroke();
  }

  let x = LEFT;
  for (const column of columns) {
    const width = column.width * MM;
    doc.text(toWinAnsi(cells[column.key]), x + padding, top + padding, {
      width: width - 2 * padding,
      align: column.align,
    });
    x += width;
  }
  doc.x = LEFT;
  doc.y = top + height;
}
