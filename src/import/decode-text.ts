import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { Encoding } from './import-mapping.ts';
import { ImportFileError } from './import-problems.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes the bytes of a text file. A byte-order mark decides first (UTF-8,
 * UTF-16LE or UTF-16BE) and is dropped. With "auto", bytes that are not
 * valid UTF-8 are read as Windows-1252, the usual encoding of spreadsheet
 * exports on Western European Windows, so "Müller & Söhne" survives either way.
 */
export function decodeText(content: Buffer, encoding: Encoding): string {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return decodeUtf8(content.subarray(3));
  }
  if (content[0] === 0xff && content[1] === 0xfe) {
    return iconv.decode(content.subarray(2), 'utf-16le');
  }
  if (content[0] === 0xfe && content[1] === 0xff) {
    return iconv.decode(content.subarray(2), 'utf-16be');
  }

  switch (encoding) {
    case 'utf-8':
      return decodeUtf8(content);
    case 'auto':
      return isUtf8(content) ? utf8.decode(content) : iconv.decode(content, 'windows-1252');
    default:
      return iconv.decode(content, encoding);
  }
}

function decodeUtf8(content: Buffer): string {
  try {
    return utf8.decode(content);
  } catch {
    throw new ImportFileError(
      'The file is not valid UTF-8. Save it as UTF-8, or set "encoding" in the mapping file (such as "windows-1252").',
    );
  }
}
