import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLanguage, languages, rememberLanguage } from '../i18n/i18n.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();

  return (
    <SegmentedControl
      size="xs"
      aria-label={t('layout.language')}
      value={i18n.resolvedLanguage ?? 'en'}
      data={languages.map((language) => ({
        value: language,
        label: language.toUpperCase(),
      }))}
      onChange={(language) => {
        if (isLanguage(language)) {
          rememberLanguage(language);
          void i18n.changeLanguage(language);
        }
      }}
    />
  );
}
