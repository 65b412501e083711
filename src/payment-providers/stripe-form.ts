/** A value that Stripe's form encoding can carry. */
export type StripeFormValue =
  string | number | boolean | undefined | StripeFormValue[] | { [key: string]: StripeFormValue };

/**
 * Encodes parameters as Stripe's API v1 expects them: form-encoded, nested
 * objects and arrays as bracketed keys such as `line_items[0][price_data][currency]`
 * and `metadata[invoice_id]`. Undefined values are left out.
 */
export function encodeStripeForm(parameters: Record<string, StripeFormValue>): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    appendValue(form, name, value);
  }
  return form.toString();
}

function appendValue(form: URLSearchParams, key: string, value: StripeFormValue): void {
  if (value === undefined) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => appendValue(form, `${key}[${index}]`, item));
    return;
  }
  if (typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) {
      appendValue(form, `${key}[${name}]`, item);
    }
    return;
  }
  form.append(key, String(value));
}
