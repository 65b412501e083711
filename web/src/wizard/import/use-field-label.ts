import { useTranslation } from 'react-i18next';
import en from '../../i18n/namespaces/en/wizard.json';

type FieldKey = keyof typeof en.import.field;

/** Names an import field in the UI language; custom fields keep their own name. */
export function useFieldLabel(): (name: string) => string {
  const { t } = useTranslation('wizard');

  return (name) =>
    Object.hasOwn(en.import.field, name) ? t(`import.field.${name as FieldKey}`) : name;
}
