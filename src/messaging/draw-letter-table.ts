import type { ChargeMergeFields } from '../charges/build-charge-merge-fields.ts';
import type { MergeFields } from './build-merge-fields.ts';
import { BOLD, BOTTOM_LIMIT, CONTENT_WIDTH, FONT, LEFT, MM, type Doc } from './letter-geometry.ts';
import type { MessageLabels } from './template-store.ts';
import { toWinAnsi } from './to-win-ansi.ts';

/**
 * Columns of the invoice table, left to right, with their preferred width
 * in millimetres. Together the preferred widths fill the text width.
 */
const columns = [
  { key: 'number', width: 35, align: 'left' },
  { key: 'invoice_date', width: 26, align: 'left' },
  { key: 'due_date', width: 26, align: 'left' },
  { key: 'days_past_due', width: 22, align: 'right' },
  { key: 'amount', width: 28, align: 'right' },
  { key: 'open', width: 28, align: 'right' },
] as const;

type ColumnKey = (typeof columns)[number]['key'];
type Cells = Record<ColumnKey, string>;

/** Space between a cell's text and its edges, in points. */
const PADDING = 1.5 * MM;
/** Font sizes the table tries, in points, largest first. */
const FONT_SIZES = [8.5, 8, 7.5, 7] as const;
/** Tolerance, in points, for rounding differences between `widthOfString` and pdfkit's line wrapping. */
const MEASURE_SLACK = 0.5;

/**
 * Draws the invoice table from the current position: a shaded header row,
 * one row per invoice and the total row. When charges are open, a row per
 * open kind (collection costs, interest, fees) and the total due follow.
 * A row that does not fit starts a new page.
 */
export function drawInvoiceTable(
  doc: Doc,
  content: {
    labels: MessageLabels;
    invoices: MergeFields['invoices'];
    total: string;
    charges: ChargeMergeFields | null;
  },
): void {
  const { labels } = content;
  const header: Cells = {
    number: labels.invoice_number,
    invoice_date: labels.invoice_date,
    due_date: labels.due_date,
    days_past_due: labels.days_past_due,
    amount: labels.amount,
    open: labels.open_amount,
  };
  const rows: Cells[] = content.invoices.map((invoice) => ({
    number: invoice.number,
    invoice_date: invoice.invoice_date,
    due_date: invoice.due_date,
    days_past_due: invoice.days_past_due > 0 ? String(invoice.days_past_due) : '–',
    amount: invoice.amount,
    open: invoice.open,
  }));
  const blank = { invoice_date: '', due_date: '', days_past_due: '', amount: '' };
  const total: Cells = { ...blank, number: labels.total, open: content.total };
  const chargeRows = buildChargeRows(labels, content.charges);
  const totals = chargeRows ? [total, ...chargeRows.kinds, chargeRows.totalDue] : [total];

  const layout = layOutColumns(doc, { header, rows, totals });
  drawTableRow(doc, layout, header, { bold: true, shaded: true });
  for (const row of rows) {
    drawTableRow(doc, layout, row);
  }
  drawTableRow(doc, layout, total, { bold: true, rule: true });
  if (chargeRows) {
    for (const row of chargeRows.kinds) {
      drawTableRow(doc, layout, row);
    }
    drawTableRow(doc, layout, chargeRows.totalDue, { bold: true, rule: true });
  }
}

/**
 * Builds the rows under the invoice total: one per charge kind with an open
 * amount, labelled in the first column with the amount in the open column,
 * and the total due. Returns undefined when no charge is open.
 */
function buildChargeRows(
  labels: MessageLabels,
  charges: ChargeMergeFields | null,
): { kinds: Cells[]; totalDue: Cells } | undefined {
  if (!charges) {
    return undefined;
  }
  const blank = { invoice_date: '', due_date: '', days_past_due: '', amount: '' };
  // The charge labels are optional in labels.json, so a language without them shows the amounts unlabelled.
  const kinds: Array<[string | undefined, string | null]> = [
    [labels.collection_costs, charges.costs],
    [labels.interest, charges.interest],
    [labels.fees, charges.fees],
  ];

  return {
    kinds: kinds.flatMap(([label, value]) =>
      value === null ? [] : [{ ...blank, number: label ?? '', open: value }],
    ),
    totalDue: { ...blank, number: labels.total_due ?? '', open: charges.total_due },
  };
}

/** Font size and column widths, in points, of one table. */
interface TableLayout {
  fontSize: number;
  widths: Record<ColumnKey, number>;
}

/**
 * Sizes the columns so that no cell breaks inside a word. Each column is
 * at least as wide as its widest value and the longest word of its
 * header, which may wrap at spaces. The labels of the total rows span the
 * empty cells after them, so they do not count.
 * A column keeps its preferred width unless it needs more, and then the
 * columns with room to spare give it up. When even the narrowest widths
 * do not fit the text width, the table tries a smaller font.
 */
function layOutColumns(
  doc: Doc,
  table: { header: Cells; rows: Cells[]; totals: Cells[] },
): TableLayout {
  for (const fontSize of FONT_SIZES) {
    const minimums = measureMinimumWidths(doc, table, fontSize);
    const widths = distributeWidths(minimums);
    if (widths) {
      return { fontSize, widths };
    }
  }
  const fontSize = FONT_SIZES[FONT_SIZES.length - 1] ?? 7;

  // NOTE: only values too wide for any layout get here, and pdfkit then wraps them inside words.
  return { fontSize, widths: preferredWidths() };
}

/** Measures the narrowest width, in points, at which each column's cells break only at spaces. */
function measureMinimumWidths(
  doc: Doc,
  table: { header: Cells; rows: Cells[]; totals: Cells[] },
  fontSize: number,
): Record<ColumnKey, number> {
  const minimums = {} as Record<ColumnKey, number>;
  for (const column of columns) {
    doc.font(BOLD).fontSize(fontSize);
    const words = toWinAnsi(table.header[column.key]).split(/\s+/);
    let widest = Math.max(...words.map((word) => doc.widthOfString(word)));
    if (column.key !== 'number') {
      for (const total of table.totals) {
        widest = Math.max(widest, doc.widthOfString(toWinAnsi(total[column.key])));
      }
    }
    doc.font(FONT);
    for (const row of table.rows) {
      widest = Math.max(widest, doc.widthOfString(toWinAnsi(row[column.key])));
    }
    minimums[column.key] = widest + 2 * PADDING + MEASURE_SLACK;
  }

  return minimums;
}

/**
 * Gives each column the larger of its preferred and minimum width, then
 * takes the excess over the text width from the columns' room above their
 * minimums, in proportion to that room. Returns undefined when the
 * minimums alone are wider than the text width.
 */
function distributeWidths(
  minimums: Record<ColumnKey, number>,
): Record<ColumnKey, number> | undefined {
  const preferred = preferredWidths();
  const widths = {} as Record<ColumnKey, number>;
  let excess = -CONTENT_WIDTH;
  let room = 0;
  for (const { key } of columns) {
    widths[key] = Math.max(preferred[key], minimums[key]);
    excess += widths[key];
    room += widths[key] - minimums[key];
  }
  if (excess <= 0) {
    return widths;
  }
  if (excess > room) {
    return undefined;
  }
  for (const { key } of columns) {
    widths[key] -= ((widths[key] - minimums[key]) * excess) / room;
  }

  return widths;
}

function preferredWidths(): Record<ColumnKey, number> {
  const widths = {} as Record<ColumnKey, number>;
  for (const column of columns) {
    widths[column.key] = column.width * MM;
  }

  return widths;
}

function drawTableRow(
  doc: Doc,
  layout: TableLayout,
  cells: Cells,
  style: { bold?: boolean; shaded?: boolean; rule?: boolean } = {},
): void {
  doc.font(style.bold ? BOLD : FONT).fontSize(layout.fontSize);
  const spans = measureSpans(layout, cells);
  const cellHeights = columns.map((column) =>
    doc.heightOfString(toWinAnsi(cells[column.key]), { width: spans[column.key] - 2 * PADDING }),
  );
  const height = Math.max(...cellHeights) + 2 * PADDING;
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
    doc.text(toWinAnsi(cells[column.key]), x + PADDING, top + PADDING, {
      width: spans[column.key] - 2 * PADDING,
      align: column.align,
    });
    x += layout.widths[column.key];
  }
  doc.x = LEFT;
  doc.y = top + height;
}

/**
 * Measures the width, in points, that each cell's text may use: a left-aligned
 * cell spans the empty cells that follow it, as the total label does.
 */
function measureSpans(layout: TableLayout, cells: Cells): Record<ColumnKey, number> {
  const spans = { ...layout.widths };
  columns.forEach((column, index) => {
    if (column.align !== 'left' || cells[column.key] === '') {
      return;
    }
    for (const next of columns.slice(index + 1)) {
      if (cells[next.key] !== '') {
        break;
      }
      spans[column.key] += layout.widths[next.key];
    }
  });

  return spans;
}
