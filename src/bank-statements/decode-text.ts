import iconv from 'iconv-lite';

/**
 * Single-byte encodings tried, in this order, when a file is not valid
 * UTF-8: Windows-1252 (ISO-8859-1 with € and quotes, Western European
 * banks), ISO-8859-2 (Central European) and code page 852 (Central
 * European DOS, used by some Hungarian bank exports).
 */
const FALLBACK_ENCODINGS = ['windows-1252', 'iso-8859-2', 'cp852'] as const;

export interface DecodedText {
  text: string;
  encoding: string;
}

/**
 * Decodes a statement file: UTF-8 when the bytes are valid UTF-8 (a byte
 * order mark is dropped), else the fallback encoding under which most
 * non-ASCII characters are letters.
 *
 * NOTE: the choice between single-byte encodings is a guess from letter
 * frequency. A file whose only non-ASCII characters are symbols can be read
 * in the wrong one. That changes those characters, but never the ASCII
 * tags, amounts and dates.
 */
export function decodeStatementText(bytes: Uint8Array): DecodedText {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return decodeSingleByte(Buffer.from(body));
  }
}

/** Decodes with the encoding named in an XML declaration, else as `decodeStatementText` does. */
export function decodeXmlText(bytes: Uint8Array): DecodedText {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared =
    /^(?:\uFEFF|\u00EF\u00BB\u00BF)?\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(
      head,
    )?.[1];
  if (declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared)) {
    return { text: iconv.decode(Buffer.from(bytes), declared), encoding: declared.toLowerCase() };
  }

  return decodeStatementText(bytes);
}

function decodeSingleByte(bytes: Buffer): DecodedText {
  const scored = FALLBACK_ENCODINGS.map((encoding) => {
    const text = iconv.decode(bytes, encoding);
    return { text, encoding, score: letterShare(text) };
  });
  const best = scored.reduce((winner, candidate) =>
    candidate.score > winner.score ? candidate : winner,
  );

  return { text: best.text, encoding: best.encoding };
}

/** Share of the non-ASCII characters that are letters. */
function letterShare(text: string): number {
  const nonAscii = [...text].filter((char) => char.charCodeAt(0) > 0x7f);
  if (nonAscii.length === 0) {
    return 1;
  }

  return nonAscii.filter((char) => /\p{L}/u.test(char)).length / nonAscii.length;
}
