import { SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Entity } from '../api/types.ts';

/**
 * Returns the two-letter codes of the languages the entities write in, in
 * order of first use, as the keys of a names record ("nl-BE" becomes "nl").
 * The entity list carries `languages`; an entity without it counts with its
 * `language`.
 */
export function entityLanguages(
  entities: ReadonlyArray<Entity & { languages?: string[] }>,
): string[] {
  const codes = entities.flatMap((entity) =>
    entity.languages && entity.languages.length > 0 ? entity.languages : [entity.language],
  );

  return [...new Set(codes.map((code) => code.slice(0, 2).toLowerCase()))];
}

/** Keeps the filled-in names, trimmed; an empty field means "use the plain name". */
export function namesForSave(names: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(names)
      .map(([language, text]) => [language, text.trim()] as const)
      .filter(([, text]) => text !== ''),
  );
}

/**
 * Renders a field for the plain name, which serves every language without
 * its own name, and one field per entity language.
 */
export function NamesFields(props: {
  name: string;
  names: Record<string, string>;
  languages: string[];
  onChange(name: string, names: Record<string, string>): void;
}) {
  const { t } = useTranslation('processes');

  return (
    <>
      <TextInput
        label={t('names.name')}
        description={t('names.nameHint')}
        value={props.name}
        onChange={(event) => props.onChange(event.currentTarget.value, props.names)}
        maxLength={100}
        required
        data-autofocus
        data-testid="name-input"
      />
      {props.languages.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {props.languages.map((language) => (
            <TextInput
              key={language}
              label={t('names.inLanguage', { language: language.toUpperCase() })}
              value={props.names[language] ?? ''}
              onChange={(event) =>
                props.onChange(props.name, {
                  ...props.names,
                  [language]: event.currentTarget.value,
                })
              }
              maxLength={100}
              placeholder={props.name}
              data-testid={`name-input-${language}`}
            />
          ))}
        </SimpleGrid>
      )}
    </>
  );
}
