import { decodeStatementText, decodeXmlText } from './decode-text.ts';
import { finishStatements } from './finish-statements.ts';
import { parseCamt } from './parse-camt.ts';
import { parseMt940 } from './parse-mt940.ts';
import { StatementFileError } from './statement-file-error.ts';
import type { ParsedStatementFile } from './statement-model.ts';

/** A line that starts with an MT940/MT942 tag, a SWIFT envelope or a bank's MT940 header. */
const SWIFT_START = /^\s*(?::(?:20|25|28C?|60[FM]|61|62[FM]|86|\d{3,4}):|\{1:)/m;

/**
 * Parses a bank statement file of any supported format: camt.052, camt.053
 * and camt.054 (ISO 20022 XML) or SWIFT MT940/MT942. The format follows
 * from the content, never from the file name. Throws `StatementFileError`
 * with the file name, line or element path, field and fix when the file
 * cannot be read.
 */
export function parseStatementFile(bytes: Uint8Array, fileName: string): ParsedStatementFile {
  if (isXml(bytes)) {
    const { text, encoding } = decodeXmlText(bytes);
    const camt = parseCamt(text, fileName);
    return { fileName, encoding, ...camt, statements: finishStatements(camt.statements) };
  }
  const { text, encoding } = decodeStatementText(bytes);
  if (SWIFT_START.test(text)) {
    const mt940 = parseMt940(text, fileName);
    return { fileName, encoding, ...mt940, statements: finishStatements(mt940.statements) };
  }
  const firstLine = text.trim().split(/\r?\n/, 1)[0] ?? '';
  throw new StatementFileError(fileName, {
    line: 1,
    field: 'content',
    problem: `("${firstLine.slice(0, 30)}") is neither camt XML nor an MT940 or MT942 statement`,
    fix: 'export the statement from online banking as camt.053 or MT940 and import that file',
    key: 'statement_file_unknown_format',
    params: { firstLine: firstLine.slice(0, 30) },
  });
}

/** True when the first character after an optional byte order mark and whitespace is "<". */
function isXml(bytes: Uint8Array): boolean {
  let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (index < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[index] as number)) {
    index += 1;
  }

  return bytes[index] === 0x3c;
}
