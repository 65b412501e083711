import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEntity } from '../entity/entity-context.tsx';

/** Chooses the entity every screen works on; `label` shows it as a form field. */
export function EntitySelect(props: { label?: string }) {
  const { t } = useTranslation();
  const { entities, entity, selectEntity } = useEntity();

  return (
    <Select
      label={props.label}
      aria-label={props.label ? undefined : t('layout.entity')}
      data={entities.map((candidate) => ({
        value: candidate.code,
        label: `${candidate.code} · ${candidate.name}`,
      }))}
      value={entity.code}
      onChange={(code) => code && selectEntity(code)}
      allowDeselect={false}
      w={{ base: 150, sm: 280, md: 380 }}
      comboboxProps={{ width: 'max-content', position: 'bottom-start' }}
    />
  );
}
