import type { CommandDefinition } from '../command.ts';
import { demoCommand } from './demo.ts';
import { dunningRunCommand } from './dunning-run.ts';
import { entityAddCommand } from './entity-add.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { organisationAddCommand } from './organisation-add.ts';
import { reportAgeingCommand } from './report-ageing.ts';
import { serveCommand } from './serve.ts';

/** Every command of the `collecta` program, in the order `collecta --help` lists them. */
export const commands: CommandDefinition[] = [
  migrateCommand,
  organisationAddCommand,
  entityAddCommand,
  importCommand,
  reportAgeingCommand,
  dunningRunCommand,
  demoCommand,
  serveCommand,
];
