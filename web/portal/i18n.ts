import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from './locales/en.json';
import nl from './locales/nl.json';

export const portalLanguages = ['nl', 'en'] as const;
export type PortalLanguage = (typeof portalLanguages)[number];

const storageKey = 'collecta.portal.language';

/** Returns the language the debtor chose in this browser, or null before any choice. */
export function chosenLanguage(): PortalLanguage | null {
  const stored = localStorage.getItem(storageKey);
  return portalLanguages.find((language) => language === stored) ?? null;
}

/** Switches the portal's language and remembers the choice in this browser. */
export async function switchPortalLanguage(
  language: PortalLanguage,
  options: { remember: boolean },
): Promise<void> {
  if (options.remember) {
    localStorage.setItem(storageKey, language);
  }
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

export async function setUpPortalI18n(): Promise<typeof i18next> {
  const language = chosenLanguage() ?? 'nl';
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, nl: { translation: nl } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });

  return i18next;
}

/** Dot paths of the portal's texts, with the plural suffixes (_one, _other) taken off. */
type TextKeys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K extends `${infer Base}_${'one' | 'other'}` ? Base : K}`
    : TextKeys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type PortalTextKey = TextKeys<typeof en>;

/**
 * Returns the portal's translate function. The staff app types react-i18next's
 * keys with its own resources for the whole web/ project, so the portal
 * checks its keys against its own English texts here instead.
 */
export function usePortalTranslation() {
  const { t, i18n } = useTranslation();
  const translate = t as unknown as (
    key: PortalTextKey,
    values?: Record<string, unknown>,
  ) => string;

  return { t: translate, i18n };
}

/** Returns a translate function for a key computed at run time, such as a server message key. */
export function useDynamicPortalTranslation() {
  const { t, i18n } = useTranslation();

  return {
    translate: (key: string, values?: Record<string, unknown>) =>
      (t as unknown as (key: string, values?: Record<string, unknown>) => string)(key, values),
    exists: (key: string) => i18n.exists(key),
  };
}
