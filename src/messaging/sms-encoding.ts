/**
 * The GSM 7-bit default alphabet of 3GPP TS 23.038 (section 6.2.1), one
 * septet each. Position 0x1B, the escape to the extension table, is left out
 * because it is no character of its own.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/**
 * The characters of the default extension table (3GPP TS 23.038 section
 * 6.2.1.1), sent as the escape septet followed by one more: two septets each.
 */
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basicSet = new Set(GSM_BASIC);
const extensionSet = new Set(GSM_EXTENSION);

/** Septets of one SMS in GSM-7 (140 octets), and per part of a concatenated SMS (6 octets go to the header). */
export const GSM7_SINGLE_LIMIT = 160;
export const GSM7_PART_LIMIT = 153;
/** 16-bit units of one SMS in UCS-2, and per part of a concatenated SMS. */
export const UCS2_SINGLE_LIMIT = 70;
export const UCS2_PART_LIMIT = 67;

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasurement {
  encoding: SmsEncoding;
  /** Characters as a reader counts them: Unicode code points, so one emoji counts once. */
  characters: number;
  /** Septets for GSM-7 (extension characters count two), 16-bit units for UCS-2 (surrogate pairs count two). */
  units: number;
  /** Messages the text is sent as; 1 for an empty text. */
  segments: number;
  /** Units one segment holds: 160 or 153 for GSM-7, 70 or 67 for UCS-2. */
  unitsPerSegment: number;
}

/** Returns whether every character of `text` is in the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const character of text) {
    if (!basicSet.has(character) && !extensionSet.has(character)) {
      return false;
    }
  }

  return true;
}

/**
 * Measures an SMS text: GSM-7 when every character is in the default
 * alphabet or its extension table, else UCS-2. A text that fits one SMS
 * (160 septets, 70 units) is one segment. A longer one is split into parts
 * of 153 septets or 67 units, and a part never splits an escape pair
 * (GSM-7) or a surrogate pair (UCS-2), so a part may hold one unit less.
 */
export function measureSms(text: string): SmsMeasurement {
  const characters = [...text];
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const sizes = characters.map((character) => unitsOf(character, encoding));
  const units = sizes.reduce((sum, size) => sum + size, 0);
  const singleLimit = encoding === 'GSM-7' ? GSM7_SINGLE_LIMIT : UCS2_SINGLE_LIMIT;
  const partLimit = encoding === 'GSM-7' ? GSM7_PART_LIMIT : UCS2_PART_LIMIT;

  if (units <= singleLimit) {
    return {
      encoding,
      characters: characters.length,
      units,
      segments: 1,
      unitsPerSegment: singleLimit,
    };
  }

  let segments = 1;
  let filled = 0;
  for (const size of sizes) {
    if (filled + size > partLimit) {
      segments += 1;
      filled = 0;
    }
    filled += size;
  }

  return { encoding, characters: characters.length, units, segments, unitsPerSegment: partLimit };
}

/** Returns the septets (GSM-7) or 16-bit units (UCS-2) that one character takes. */
function unitsOf(character: string, encoding: SmsEncoding): number {
  if (encoding === 'UCS-2') {
    return character.length;
  }

  return extensionSet.has(character) ? 2 : 1;
}
