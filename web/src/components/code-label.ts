import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import en from '../i18n/en.json';

type CodeGroup = 'status' | 'batchStatus' | 'channel' | 'stepName' | 'debtorKind' | 'paymentSource';

/**
 * Labels for codes that the server sends as data: statuses, channels and the
 * names of the default succession profile's steps. A code without a
 * translation, such as a step name an administrator chose, is shown as it is.
 */
export function useCodeLabel(): (group: CodeGroup, code: string) => string {
  const { t } = useTranslation();

  return (group, code) => {
    if (!Object.hasOwn(en[group], code)) {
      return code;
    }
    return t(`${group}.${code}` as ParseKeys);
  };
}
