import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../logger.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Context of a running command; the database opens on first use. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  database(): Promise<DatabaseHandle>;
  /** The organisation named by --organisation, else the only one (created as "default" if none). */
  organisationId(): Promise<string>;
  /** Actor for the audit log: "cli:<os user>". */
  actor: string;
}

export interface CommandResult {
  /** Printed with --json. */
  json: unknown;
  /** Printed without --json. */
  text: string;
  exitCode?: 0 | 1 | 2;
}

export interface CommandDefinition {
  /** The words that select the command, such as ["dunning", "run"]. */
  path: string[];
  summary: string;
  /** Help text after the usage line: options, their meaning and units. */
  help: string;
  usage: string;
  options: OptionSpec;
  positionals?: { min: number; max: number };
  /** Commands such as serve manage the database themselves and run until stopped. */
  longRunning?: boolean;
  run(
    context: CommandContext,
    values: Record<string, string | boolean | string[] | undefined>,
    positionals: string[],
  ): Promise<CommandResult>;
}

/** Reads a required string option or fails with an invalid-arguments error. */
export function requireOption(
  values: Record<string, string | boolean | string[] | undefined>,
  name: string,
): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new MissingOptionError(name);
  }
  return value.trim();
}

export function optionalOption(
  values: Record<string, string | boolean | string[] | undefined>,
  name: string,
): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export class MissingOptionError extends Error {
  constructor(readonly option: string) {
    super(`missing required option --${option}`);
  }
}
