import type { CommandDefinition } from '../command.ts';
import { apikeyCommands } from './apikey.ts';
import { calcCommands } from './calc.ts';
import { demoCommand } from './demo.ts';
import { dunningForecastCommand } from './dunning-forecast.ts';
import { dunningRunCommand } from './dunning-run.ts';
import { entityAddCommand } from './entity-add.ts';
import { importCommand } from './import.ts';
import { mailBounceCommand } from './mail-bounce.ts';
import { migrateCommand } from './migrate.ts';
import { organisationAddCommand } from './organisation-add.ts';
import { organisationGoLiveCommand } from './organisation-go-live.ts';
import { reportAgeingCommand } from './report-ageing.ts';
import { serveCommand } from './serve.ts';
import { statementImportCommand } from './statement-import.ts';
import { userCommands } from './user-add.ts';

/** Every command of the `collecta` program, in the order `collecta --help` lists them. */
export const commands: CommandDefinition[] = [
  migrateCommand,
  organisationAddCommand,
  organisationGoLiveCommand,
  entityAddCommand,
  ...userCommands,
  importCommand,
  statementImportCommand,
  reportAgeingCommand,
  dunningRunCommand,
  dunningForecastCommand,
  mailBounceCommand,
  demoCommand,
  ...apikeyCommands,
  ...calcCommands,
  serveCommand,
];
