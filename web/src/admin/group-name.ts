import { useTranslation } from 'react-i18next';
import users from '../i18n/namespaces/en/users.json';

type PresetSlug = keyof typeof users.presetGroups;

function isPresetSlug(slug: string): slug is PresetSlug {
  return Object.hasOwn(users.presetGroups, slug);
}

/**
 * Returns a function that names a user group in the UI language. The server
 * seeds the preset groups with English names. While a preset keeps that name
 * it shows translated, and a name that an administrator chose shows as it is.
 */
export function useGroupName(): (group: { slug: string; name: string }) => string {
  const { t } = useTranslation('users');

  return (group) =>
    isPresetSlug(group.slug) && users.presetGroups[group.slug] === group.name
      ? t(`presetGroups.${group.slug}`)
      : group.name;
}
