/// <reference types="vite/client" />
/**
 * Translations of the larger features, one namespace per feature: the file
 * namespaces/<language>/<feature>.json is namespace <feature>, used as
 * useTranslation('<feature>'). The common texts stay in en.json and nl.json.
 */
const files = import.meta.glob<Record<string, unknown>>('./namespaces/*/*.json', {
  eager: true,
  import: 'default',
});

export function namespaceResources(language: string): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const [path, content] of Object.entries(files)) {
    const match = /^\.\/namespaces\/([a-z]+)\/([a-zA-Z-]+)\.json$/.exec(path);
    if (match?.[1] === language && match[2]) {
      resources[match[2]] = content;
    }
  }

  return resources;
}
