import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import nl from './nl.json';
import { namespaceResources } from './namespaces.ts';

export const languages = ['nl', 'en'] as const;

export type Language = (typeof languages)[number];

const storageKey = 'collecta.language';

/** Returns the stored choice, else the first supported browser language, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  if (isLanguage(stored)) {
    return stored;
  }
  for (const tag of navigator.languages) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (isLanguage(primary)) {
      return primary;
    }
  }
  return 'en';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(storageKey, language);
}

export function isLanguage(value: string | null): value is Language {
  return value !== null && (languages as readonly string[]).includes(value);
}

export async function setUpI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: {
      en: { translation: en, ...namespaceResources('en') },
      nl: { translation: nl, ...namespaceResources('nl') },
    },
    lng: initialLanguage(),
    fallbackLng: 'en',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
  });
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  document.documentElement.lang = i18next.language;

  return i18next;
}
