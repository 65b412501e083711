import { useTranslation } from 'react-i18next';
import { useCodeLabel } from '../../components/code-label.ts';
import en from '../../i18n/namespaces/en/wizard.json';

/**
 * Translates a step name of a preset profile. Names the wizard does not know,
 * such as one an administrator chose, fall back to the common step names and
 * then to the name as it is.
 */
export function useStepLabel(): (name: string) => string {
  const { t } = useTranslation('wizard');
  const codeLabel = useCodeLabel();

  return (name) => {
    if (Object.hasOwn(en.profiles.stepName, name)) {
      return t(`profiles.stepName.${name as keyof typeof en.profiles.stepName}`);
    }
    return codeLabel('stepName', name);
  };
}
