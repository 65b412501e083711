import { useTranslation } from 'react-i18next';
import type { Department, Entity, UserGroup } from '../api/types.ts';
import { useGroupName } from './group-name.ts';

/** Languages a user can read Collecta and its e-mails in. */
export const userLanguages = ['nl', 'en', 'de', 'fr'] as const;

/** Choices for the user form's select fields, labelled in the UI language. */
export function useUserOptions(params: {
  groups: UserGroup[];
  entities: Entity[];
  departments: Department[];
}) {
  const { t } = useTranslation('users');
  const groupName = useGroupName();

  return {
    languages: userLanguages.map((language) => ({
      value: language,
      label: t(`languages.${language}`),
    })),
    groups: params.groups.map((group) => ({ value: group.slug, label: groupName(group) })),
    entities: params.entities.map((entity) => ({
      value: entity.id,
      label: `${entity.code} · ${entity.name}`,
    })),
    departments: params.departments.map((department) => ({
      value: department.id,
      label: department.name,
    })),
  };
}
