import { checkedIban } from '../debtors/bank-accounts/debtor-bank-accounts.ts';
import type { ImportedDebtor } from './imported-records.ts';
import type { RowReader } from './row-reader.ts';

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/**
 * Reads the debtor fields of a row. The debtor number and name stand in for
 * each other when one is missing. Invalid fields are left out and recorded
 * as problems on the reader; undefined means the row names no debtor.
 */
export function parseDebtorFields(reader: RowReader): ImportedDebtor | undefined {
  const number = reader.text('debtor_number') || reader.text('debtor_name');
  if (number === '') {
    return reader.reject(
      reader.cell('debtor_number') === undefined ? 'debtor_name' : 'debtor_number',
      'the debtor number and name are both empty; fill in at least one',
    );
  }

  const debtor: ImportedDebtor = { number, custom: {} };
  const name = reader.text('debtor_name');
  if (name) {
    debtor.name = name;
  }
  const kind = reader.text('debtor_kind').toLowerCase();
  if (kind === 'b2b' || kind === 'b2c') {
    debtor.kind = kind;
  } else if (kind) {
    reader.reject('debtor_kind', 'is not a debtor kind; use b2b (company) or b2c (consumer)');
  }
  const language = reader.text('debtor_language').toLowerCase();
  if (/^[a-z]{2}([-_][a-z]{2})?$/.test(language)) {
    debtor.language = language.slice(0, 2);
  } else if (language) {
    reader.reject(
      'debtor_language',
      'is not a language code; use two letters (ISO 639-1), such as nl or en',
    );
  }
  const country = reader.text('debtor_country').toUpperCase();
  if (/^[A-Z]{2}$/.test(country)) {
    debtor.country = country;
  } else if (country) {
    reader.reject(
      'debtor_country',
      'is not a country code; use two letters (ISO 3166), such as NL',
    );
  }
  const email = parseEmailList(reader.text('debtor_email'));
  if (email === undefined) {
    reader.reject(
      'debtor_email',
      'is not an e-mail address; write one address, or several separated by ";"',
    );
  } else if (email) {
    debtor.email = email;
  }
  setText(debtor, 'phone', reader.text('debtor_phone'));
  setText(debtor, 'addressLine', reader.text('debtor_address_line'));
  setText(debtor, 'postalCode', reader.text('debtor_postal_code'));
  setText(debtor, 'city', reader.text('debtor_city'));
  setText(debtor, 'cocNumber', reader.text('debtor_coc_number'));
  setText(debtor, 'vatNumber', reader.text('debtor_vat_number'));
  const ibans = parseIbanList(reader);
  if (ibans.length > 0) {
    debtor.ibans = ibans;
  }

  return debtor;
}

/** Addresses separated by ";" or ",", written back as "a@x.nl, b@x.nl"; undefined when one is invalid. */
function parseEmailList(text: string): string | undefined {
  if (text === '') {
    return '';
  }
  const addresses = text
    .split(/[;,]/)
    .map((address) => address.trim())
    .filter((address) => address !== '');

  return addresses.every((address) => EMAIL.test(address)) ? addresses.join(', ') : undefined;
}

/**
 * Reads IBANs separated by ";" or ",", in electronic form. Each one that
 * fails the ISO 13616 check is a problem of the row and is left out.
 */
function parseIbanList(reader: RowReader): string[] {
  const ibans: string[] = [];
  for (const written of reader.text('debtor_iban').split(/[;,]/)) {
    if (written.trim() === '') {
      continue;
    }
    const iban = checkedIban(written);
    if (iban === undefined) {
      reader.reject(
        'debtor_iban',
        `${written.trim()} is not a valid IBAN: its country, length or check digits are wrong; correct it, or leave the cell empty (several IBANs are separated by ";")`,
      );
    } else if (!ibans.includes(iban)) {
      ibans.push(iban);
    }
  }

  return ibans;
}

type TextKey = 'phone' | 'addressLine' | 'postalCode' | 'city' | 'cocNumber' | 'vatNumber';

function setText(debtor: ImportedDebtor, key: TextKey, value: string): void {
  if (value) {
    debtor[key] = value;
  }
}
