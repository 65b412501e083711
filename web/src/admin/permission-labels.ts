import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PermissionDescription } from '../api/types.ts';
import users from '../i18n/namespaces/en/users.json';

/** Translation key of a permission: "debtors.read" becomes "debtors_read". */
function permissionKey(name: string): string {
  return name.replace('.', '_');
}

/**
 * Returns the short names and descriptions of permissions in the UI
 * language. A permission without a translation here, such as one added to
 * the server later, keeps its code as name and the server's English
 * description.
 */
export function usePermissionLabels() {
  const { t } = useTranslation('users');

  return {
    name(name: string): string {
      const key = permissionKey(name);
      return Object.hasOwn(users.permissionNames, key)
        ? t(`permissionNames.${key}` as ParseKeys<'users'>)
        : name;
    },
    description(permission: PermissionDescription): string {
      const key = permissionKey(permission.name);
      return Object.hasOwn(users.permissionDescriptions, key)
        ? t(`permissionDescriptions.${key}` as ParseKeys<'users'>)
        : permission.description;
    },
  };
}
