/** A value decoded from Stripe's bracketed form encoding. */
export type DecodedFormValue = string | DecodedFormValue[] | { [key: string]: DecodedFormValue };

/**
 * Decodes a form body with bracketed keys, such as
 * `line_items[0][price_data][currency]=eur`, into nested objects. A level
 * whose keys are exactly 0, 1, 2, ... becomes an array. Throws Error when a
 * key is malformed or used both as a value and as a container.
 */
export function decodeStripeForm(body: string): Record<string, DecodedFormValue> {
  const root: Record<string, DecodedFormValue> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    assignPath(root, parseKey(key), value, key);
  }
  return arraysFromIndexes(root) as Record<string, DecodedFormValue>;
}

function parseKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) {
    throw new Error(`Invalid form key ${key}`);
  }
  const segments = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  return [match[1] ?? '', ...segments];
}

function assignPath(
  root: Record<string, DecodedFormValue>,
  path: string[],
  value: string,
  key: string,
): void {
  let container: Record<string, DecodedFormValue> = root;
  path.forEach((segment, index) => {
    if (index === path.length - 1) {
      if (segment in container) {
        throw new Error(`Duplicate or conflicting form key ${key}`);
      }
      container[segment] = value;
      return;
    }
    const next = container[segment] ?? {};
    if (typeof next === 'string' || Array.isArray(next)) {
      throw new Error(`Form key ${key} nests under a plain value`);
    }
    container[segment] = next;
    container = next;
  });
}

function arraysFromIndexes(value: DecodedFormValue): DecodedFormValue {
  if (typeof value === 'string' || Array.isArray(value)) {
    return value;
  }
  const entries = Object.entries(value).map(
    ([key, item]) => [key, arraysFromIndexes(item)] as const,
  );
  const isList = entries.length > 0 && entries.every(([key], index) => key === String(index));

  return isList ? entries.map(([, item]) => item) : Object.fromEntries(entries);
}
