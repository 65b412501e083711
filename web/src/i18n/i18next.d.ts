import 'i18next';
import type en from './en.json';

// Typed keys: t('a.missing.key') fails the type check instead of showing the key.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
