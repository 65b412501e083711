import type { CommandDefinition } from '../command.ts';
import { apikeyCommands } from './apikey.ts';
import { demoCommand } from './demo.ts';
import { dunningRunCommand } from './dunning-run.ts';
import { entityAddCommand } from './entity-add.ts';
import { importCommand } from './import.ts';
import { migrateCommand } from './migrate.ts';
import { organisationAddCommand } from './organisation-add.ts';
import { organisationGoLiveCommand } from './organisation-go-live.ts';
import { reportAgeingCommand } from './report-ageing.ts';
import { serveCommand } from './serve.ts';
import { userCommands } from './user-add.ts';

/** Every command of the `collecta` program, in the order `collecta --help` lists them. */
export const commands: CommandDefinition[] = [
  migrateCommand,
  organisationAddCommand,
  organisationGoLiveCommand,
  entityAddCommand,
  ...userCommands,
  importCommand,
  reportAgeingCommand,
  dunningRunCommand,
  demoCommand,
  ...apikeyCommands,
  serveCommand,
];
