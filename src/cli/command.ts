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
  /** Lines written on stderr in both modes, so that --json output on stdout keeps its shape. */
  warnings?: string[];
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
  if (typeof value !== 'string') {
    throw new MissingOptionError(name);
  }
  if (value.trim() === '') {
    throw new MissingOptionError(name, 'empty');
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

/** A required option that is absent, or given with only white space as its value. */
export class MissingOptionError extends Error {
  constructor(
    readonly option: string,
    readonly reason: 'absent' | 'empty' = 'absent',
  ) {
    super(
      reason === 'empty'
        ? `--${option} is empty; give it a value`
        : `missing required option --${option}`,
    );
  }
}
