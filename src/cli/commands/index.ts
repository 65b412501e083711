import type { CommandDefinition } from '../command.ts';
import { entityAddCommand } from './entity-add.ts';
import { migrateCommand } from './migrate.ts';
import { organisationAddCommand } from './organisation-add.ts';

/** Every command of the `collecta` program, in the order `collecta --help` lists them. */
export const commands: CommandDefinition[] = [
  migrateCommand,
  organisationAddCommand,
  entityAddCommand,
];
