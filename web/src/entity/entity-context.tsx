import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Entity } from '../api/types.ts';

interface EntityChoice {
  entities: Entity[];
  entity: Entity;
  selectEntity(code: string): void;
}

const EntityContext = createContext<EntityChoice | null>(null);

const storageKey = 'collecta.entity';

/** Provides the entity that every screen works on; the choice survives a reload. */
export function EntityProvider(props: { entities: Entity[]; children: ReactNode }) {
  const [code, setCode] = useState(() => localStorage.getItem(storageKey));
  const [first] = props.entities;
  const entity = props.entities.find((candidate) => candidate.code === code) ?? first;

  const value = useMemo(
    () =>
      entity && {
        entities: props.entities,
        entity,
        selectEntity(next: string) {
          localStorage.setItem(storageKey, next);
          setCode(next);
        },
      },
    [entity, props.entities],
  );

  if (!value) {
    return null;
  }
  return <EntityContext.Provider value={value}>{props.children}</EntityContext.Provider>;
}

/** Returns the entity choice, or null outside an EntityProvider (while there are no entities). */
export function useOptionalEntity(): EntityChoice | null {
  return useContext(EntityContext);
}

export function useEntity(): EntityChoice {
  const choice = useOptionalEntity();
  if (!choice) {
    throw new Error('useEntity needs an EntityProvider with at least one entity above it.');
  }
  return choice;
}
