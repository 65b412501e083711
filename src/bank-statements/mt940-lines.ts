/**
 * Splits an MT940/MT942 text into statements of tagged fields, with the line
 * number of each field. It removes SWIFT envelopes ({1:}{2:}{3:}{4: ... -}
 * {5:}), bank header lines (ABN AMRO "ABNANL2A / 940", ING "0000 01INGB...",
 * "940 00", Rabobank ":940:") and end markers ("-", "-XXX", "-}").
 */
import { ASK_FOR_CORRECTED_EXPORT, StatementFileError } from './statement-file-error.ts';

export interface SwiftField {
  /** Tag without colons: "20", "61", "60F". */
  tag: string;
  /** Line number (1-based) of the tag line. */
  line: number;
  /** The tag line's content after the tag, then each continuation line as written. */
  lines: string[];
  /** Length of the tag line's content after the tag, to tell a wrapped line from a short one. */
  firstLineLength: number;
}

export interface SwiftStatement {
  fields: SwiftField[];
  /** True when the envelope or a header line says message type 942. */
  declaredMt942: boolean;
}

const TAG_LINE = /^:(\d{2}[A-Z]?):(.*)$/;
/** Bank header lines that may stand before a statement. */
const HEADER_LINES = [
  /^:94[02]:$/, // Rabobank
  /^94[02]( \d{2})?$/, // ABN AMRO, ING
  /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, // a BIC (ABN AMRO)
  /^0000 \d{2}[A-Z0-9]{8,20}$/, // ING
];
const END_MARKER = /^-(\}(\{5:[^}]*\})?|XXX)?$/;
/** SWIFT envelope blocks 1 to 3 and the opening of block 4. */
const ENVELOPE_BLOCK = /^\{[1-3]:[^}]*\}|^\{4:/;

export function readSwiftStatements(text: string, fileName: string): SwiftStatement[] {
  const lines = text.split(/\r\n|\r|\n/).map(removeControlCharacters);
  rejectSplitTags(lines, fileName);
  const reader = new StatementReader(fileName);
  lines.forEach((raw, index) => {
    const { rest, declaresMt942 } = stripEnvelope(raw);
    reader.readLine(rest, index + 1, declaresMt942, nextContentLine(lines, index));
  });

  return reader.finish();
}

/** Removes control characters other than tab: SOH and ETX frame some bank files. */
function removeControlCharacters(line: string): string {
  return [...line]
    .filter((char) => {
      const code = char.charCodeAt(0);
      return code === 0x09 || (code >= 0x20 && code !== 0x7f);
    })
    .join('');
}

/** Rejects a tag broken over two lines, such as ":" followed by "86:...". */
function rejectSplitTags(lines: string[], fileName: string): void {
  lines.forEach((line, index) => {
    const next = lines[index + 1] ?? '';
    if (/^:[0-9A-Z]{0,3}$/.test(line.trim()) && /^[0-9]{0,2}[A-Z]?:/.test(next)) {
      throw new StatementFileError(fileName, {
        line: index + 1,
        field: 'tag',
        problem: `is split over two lines ("${line.trim()}" and "${next.slice(0, 12)}")`,
        fix: ASK_FOR_CORRECTED_EXPORT,
      });
    }
  });
}

function stripEnvelope(raw: string): { rest: string; declaresMt942: boolean } {
  let rest = raw;
  let declaresMt942 = false;
  let match = ENVELOPE_BLOCK.exec(rest);
  while (match) {
    declaresMt942 ||= /^\{2:[IO]942/.test(match[0]);
    rest = rest.slice(match[0].length);
    match = ENVELOPE_BLOCK.exec(rest);
  }

  return { rest, declaresMt942 };
}

/** Returns the next line that is not blank, or undefined at the end of the file. */
function nextContentLine(lines: string[], index: number): string | undefined {
  return lines.slice(index + 1).find((line) => line.trim() !== '');
}

function isHeaderLine(line: string): boolean {
  return HEADER_LINES.some((pattern) => pattern.test(line.trim()));
}

class StatementReader {
  private readonly statements: SwiftStatement[] = [];
  private current?: SwiftStatement;
  private declaredMt942 = false;

  constructor(private readonly fileName: string) {}

  readLine(
    line: string,
    lineNumber: number,
    declaresMt942: boolean,
    next: string | undefined,
  ): void {
    this.declaredMt942 ||= declaresMt942 || /^(:942:|942( \d{2})?)$/.test(line.trim());
    const tag = TAG_LINE.exec(line);
    if (tag) {
      this.startField(tag[1] as string, tag[2] as string, lineNumber);
    } else if (this.isEndMarker(line, next)) {
      this.current = undefined;
      this.declaredMt942 = false;
    } else if (this.current === undefined) {
      this.readOutsideStatement(line, lineNumber);
    } else if (line !== '') {
      this.current.fields[this.current.fields.length - 1]?.lines.push(line);
    }
  }

  finish(): SwiftStatement[] {
    return this.statements;
  }

  private startField(tag: string, content: string, lineNumber: number): void {
    if (tag === '20') {
      this.current = { fields: [], declaredMt942: this.declaredMt942 };
      this.statements.push(this.current);
    }
    if (this.current === undefined) {
      throw new StatementFileError(this.fileName, {
        line: lineNumber,
        field: `:${tag}:`,
        problem: 'comes before the :20: line that starts a statement',
        fix: ASK_FOR_CORRECTED_EXPORT,
      });
    }
    this.current.fields.push({
      tag,
      line: lineNumber,
      lines: [content],
      firstLineLength: content.length,
    });
  }

  /**
   * "-" ends a statement, unless the next line continues a field: ING wraps
   * long :86: texts so that a line can hold only the "-" of a mandate
   * reference such as "MND-EV01".
   */
  private isEndMarker(line: string, next: string | undefined): boolean {
    const trimmed = line.trim();
    if (!END_MARKER.test(trimmed)) {
      return false;
    }
    if (trimmed !== '-' || next === undefined) {
      return true;
    }
    const nextTrimmed = next.trim();

    return nextTrimmed.startsWith(':') || nextTrimmed.startsWith('{') || isHeaderLine(nextTrimmed);
  }

  private readOutsideStatement(line: string, lineNumber: number): void {
    const trimmed = line.trim();
    if (trimmed === '' || isHeaderLine(trimmed)) {
      return;
    }
    const looksLikeTag = /^:\d+:/.test(trimmed);
    throw new StatementFileError(this.fileName, {
      line: lineNumber,
      field: looksLikeTag ? `tag ${trimmed.slice(0, 12)}` : `text "${trimmed.slice(0, 30)}"`,
      problem: looksLikeTag
        ? 'is not an MT940 tag or a known bank header line'
        : 'is not part of an MT940 statement',
      fix: 'check that the file is an MT940 or camt.053 export; if it is, ask the bank for a corrected export',
    });
  }
}
