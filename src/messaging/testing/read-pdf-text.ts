/** One piece of text drawn on a PDF page, with its position in millimetres from the top left. */
export interface PdfTextRun {
  text: string;
  /** Left edge of the text. */
  xMm: number;
  /** Baseline, measured from the top edge of the page. */
  yMm: number;
}

const MM = 72 / 25.4;

/** Windows-1252 bytes 0x80 to 0x9F; the rest of the encoding equals Latin-1. */
const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWinAnsi(bytes: Buffer): string {
  return [...bytes]
    .map((byte) =>
      byte >= 0x80 && byte <= 0x9f ? WIN_ANSI_HIGH[byte - 0x80] : String.fromCharCode(byte),
    )
    .join('');
}

/**
 * Reads the text runs of an uncompressed pdfkit document (compress: false)
 * from its content streams. It understands only what pdfkit writes for
 * standard fonts: a `Tm` with the position and a `TJ` array of hex strings
 * in WinAnsi encoding, with the page flipped so y counts from the bottom.
 */
export function readPdfText(pdf: Buffer): {
  pageHeightPt: number;
  pageWidthPt: number;
  runs: PdfTextRun[];
} {
  const source = pdf.toString('latin1');
  const mediaBox = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(source);
  if (!mediaBox) {
    throw new Error('The PDF has no MediaBox.');
  }
  const pageWidthPt = Number(mediaBox[1]);
  const pageHeightPt = Number(mediaBox[2]);

  return { pageHeightPt, pageWidthPt, runs: readTextRuns(source, pageHeightPt) };
}

/**
 * Reads the text runs of each page of an uncompressed pdfkit document, in
 * page order (the order of the page tree's /Kids). The list of a blank
 * page is empty.
 */
export function readPdfPages(pdf: Buffer): PdfTextRun[][] {
  const source = pdf.toString('latin1');
  const { pageHeightPt } = readPdfText(pdf);
  const kids = /\/Type \/Pages\n\/Count \d+\n\/Kids \[([^\]]*)\]/.exec(source);
  if (!kids) {
    throw new Error('The PDF has no page tree.');
  }
  const pageNumbers = [...(kids[1] ?? '').matchAll(/(\d+) 0 R/g)].map((match) => match[1]);

  return pageNumbers.map((pageNumber) => {
    const page = objectText(source, pageNumber ?? '');
    const contents = /\/Contents (\d+) 0 R/.exec(page)?.[1] ?? '';
    return readTextRuns(objectText(source, contents), pageHeightPt);
  });
}

/** Returns the text of indirect object `number` from "N 0 obj" to "endobj". */
function objectText(source: string, number: string): string {
  const start = source.indexOf(`\n${number} 0 obj\n`);
  if (start < 0) {
    throw new Error(`The PDF has no object ${number}.`);
  }

  return source.slice(start, source.indexOf('endobj', start));
}

function readTextRuns(source: string, pageHeightPt: number): PdfTextRun[] {
  const runs: PdfTextRun[] = [];
  const blocks = source.matchAll(/BT\n1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\n[\s\S]*?\[(.*?)\] TJ\nET/g);
  for (const [, x, y, array] of blocks) {
    const hexStrings = [...(array ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map(
      (match) => match[1] ?? '',
    );
    const bytes = Buffer.from(hexStrings.join(''), 'hex');
    runs.push({
      text: decodeWinAnsi(bytes),
      xMm: Number(x) / MM,
      yMm: (pageHeightPt - Number(y)) / MM,
    });
  }

  return runs;
}
