import { useTranslation } from 'react-i18next';
import users from '../i18n/namespaces/en/users.json';

/** The start screens a user group can have, as the server names them (START_SCREENS). */
export const startScreens = ['home', 'debtors', 'batches', 'issues', 'reports', 'setup'] as const;

/** Start screens as select options, labelled in the UI language. */
export function useStartScreenOptions() {
  const label = useStartScreenLabel();

  return startScreens.map((screen) => ({ value: screen, label: label(screen) }));
}

/** Returns a function that names a start screen in the UI language, or returns an unknown key as it is. */
export function useStartScreenLabel(): (screen: string) => string {
  const { t } = useTranslation('users');

  return (screen) =>
    Object.hasOwn(users.startScreens, screen)
      ? t(`startScreens.${screen as (typeof startScreens)[number]}`)
      : screen;
}
