/**
 * The fields that a column of an import file can fill. Debtor fields describe
 * the debtor the invoice belongs to; the others describe the invoice itself.
 */
export const standardFields = [
  'debtor_number',
  'debtor_name',
  'debtor_kind',
  'debtor_email',
  'debtor_phone',
  'debtor_language',
  'debtor_country',
  'debtor_address_line',
  'debtor_postal_code',
  'debtor_city',
  'debtor_coc_number',
  'debtor_vat_number',
  'debtor_iban',
  'invoice_number',
  'invoice_date',
  'due_date',
  'payment_terms',
  'amount',
  'currency',
  'open_amount',
  'paid_date',
  'kind',
  'payment_reference',
] as const;

export type StandardField = (typeof standardFields)[number];

/** Other names accepted for a standard field, in mapping files and as generic headers. */
const fieldAliases: Record<string, StandardField> = {
  settled_date: 'paid_date',
  debtor_address: 'debtor_address_line',
  creditor_reference: 'payment_reference',
  iban: 'debtor_iban',
};

/** Target of a column's values: a standard field, or a custom field of the debtor or invoice. */
export type FieldTarget =
  | { kind: 'field'; field: StandardField }
  | { kind: 'custom'; owner: 'debtor' | 'invoice'; name: string };

const CUSTOM_NAME = /^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,62}$/;

/**
 * Reads a target as written in a mapping: a standard field name (or alias),
 * `debtor.custom.NAME`, `invoice.custom.NAME`, or `custom.NAME` for an invoice
 * custom field. Returns undefined for anything else.
 */
export function parseFieldTarget(text: string): FieldTarget | undefined {
  const trimmed = text.trim();
  const custom = /^(debtor\.|invoice\.)?custom\.(.+)$/.exec(trimmed);
  if (custom) {
    const name = custom[2] ?? '';
    if (!CUSTOM_NAME.test(name)) {
      return undefined;
    }
    return { kind: 'custom', owner: custom[1] === 'debtor.' ? 'debtor' : 'invoice', name };
  }

  const normalised = trimmed.toLowerCase();
  const field = fieldAliases[normalised] ?? standardFields.find((name) => name === normalised);
  return field ? { kind: 'field', field } : undefined;
}

export function describeTarget(target: FieldTarget): string {
  return target.kind === 'field' ? target.field : `${target.owner}.custom.${target.name}`;
}
