/** Converts an IBAN to its electronic form: no spaces, upper case. */
export function electronicIban(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/** Formats an IBAN for print, in groups of four. */
export function printIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Returns whether an IBAN in electronic form has the shape of an IBAN and
 * passes its ISO 13616 mod-97 check. The server also checks the length per
 * country, so this check only saves a round trip for a typing error.
 */
export function passesIbanCheck(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return false;
  }
  const digits = [...(iban.slice(4) + iban.slice(0, 4))]
    .map((symbol) => (/[A-Z]/.test(symbol) ? String(symbol.charCodeAt(0) - 55) : symbol))
    .join('');
  let remainder = 0;
  for (let index = 0; index < digits.length; index += 7) {
    remainder = Number(`${remainder}${digits.slice(index, index + 7)}`) % 97;
  }

  return remainder === 1;
}
