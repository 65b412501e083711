import os from 'node:os';
import { Writable } from 'node:stream';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { AppError, isAppError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { resolveOrganisation } from '../organisations/organisations.ts';
import { MissingOptionError, type CommandContext, type CommandDefinition } from './command.ts';
import { commands } from './commands/index.ts';
import { parseCommandArguments, type ParsedArguments } from './parse-arguments.ts';

/** A text output of the command line: process.stdout in the binary, a buffer in tests. */
export interface CliWriter {
  write(text: string): unknown;
}

/** The streams, settings and database of one command-line run, besides its arguments. */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** The variables that the configuration is read from; by default the process's own. */
  environment?: NodeJS.ProcessEnv | undefined;
  /**
   * An open, migrated database that the commands use as it is: it is not
   * migrated again and stays open afterwards. Without it, a command that
   * needs the database opens the configured one, migrates it and closes it.
   */
  database?: DatabaseHandle | undefined;
  /** Destination of the log lines, by default `stderr`. */
  log?: NodeJS.WritableStream | undefined;
}

const globalOptions = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  organisation: { type: 'string' },
} as const;

const globalHelp = `Global options:
  --organisation SLUG  act on this organisation (default: the only one)
  --json               print the result, or the error, as JSON on stdout
  -h, --help           show help for the command`;

/**
 * Runs one `collecta` command line and returns its exit code: 0 success,
 * 1 failure, 2 invalid input or arguments. Errors are written as text on
 * stderr, or as JSON on stdout with --json.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const wantsJson = argv.includes('--json');
  const command = findCommand(argv);
  if (!command) {
    const words = argv.filter((word) => !word.startsWith('-'));
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(overview());
      return 0;
    }
    return fail(
      io,
      new AppError(
        'invalid_arguments',
        `Unknown command "${words.join(' ')}". Run "collecta --help".`,
      ),
      wantsJson,
    );
  }

  const rest = argv.slice(command.path.length);
  let parsed: ParsedArguments;
  try {
    parsed = parseCommandArguments(
      rest,
      { ...globalOptions, ...command.options },
      `Run "collecta ${command.path.join(' ')} --help" for the options.`,
    );
  } catch (error) {
    return fail(io, error, wantsJson);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  const positionals = parsed.positionals;
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    return fail(
      io,
      new AppError(
        'invalid_arguments',
        `Usage: ${command.usage}. Run "collecta ${command.path.join(' ')} --help".`,
      ),
      wantsJson,
    );
  }

  // Only a database that this run opened is closed at its end.
  let opened: DatabaseHandle | undefined;
  try {
    const config = loadConfig(io.environment);
    const logger = createLogger(
      config.logLevel === 'info' ? 'warn' : config.logLevel,
      io.log ?? asWritable(io.stderr),
    );
    const actor = `cli:${os.userInfo().username}`;
    const context: CommandContext = {
      config,
      logger,
      actor,
      async database() {
        if (io.database) {
          return io.database;
        }
        if (!opened) {
          opened = await openDatabase({
            databaseUrl: config.databaseUrl,
            dataDirectory: config.dataDirectory,
            tenantRole: config.databaseRole,
            onIdleConnectionError: (error) =>
              logger.warn(
                { err: error },
                'idle database connection failed; the pool opens a new one',
              ),
          });
          await migrate(opened);
        }
        return opened;
      },
      async organisationId() {
        const slug = typeof values.organisation === 'string' ? values.organisation : undefined;
        return resolveOrganisation(await context.database(), { slug, actor });
      },
    };
    const result = await command.run(context, values, positionals);
    for (const warning of result.warnings ?? []) {
      io.stderr.write(`collecta: warning: ${warning}\n`);
    }
    io.stdout.write(values.json ? `${JSON.stringify(result.json)}\n` : ensureNewline(result.text));

    return result.exitCode ?? 0;
  } catch (error) {
    return fail(io, error, Boolean(values.json));
  } finally {
    if (opened && !command.longRunning) {
      await opened.close();
    }
  }
}

/** Returns the writer itself when it is a stream, such as process.stderr, else a stream that writes to it. */
function asWritable(writer: CliWriter): NodeJS.WritableStream {
  if (writer instanceof Writable) {
    return writer;
  }
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      writer.write(chunk.toString());
      done();
    },
  });
}

function findCommand(argv: string[]): CommandDefinition | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((candidate) => candidate.path.every((word, index) => argv[index] === word));
}

function fail(io: CliIo, error: unknown, json: boolean): number {
  const appError = toAppError(error);
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ error: { code: appError.code, message: appError.message, ...(appError.details === undefined ? {} : { details: appError.details }) } })}\n`,
    );
  } else {
    io.stderr.write(`collecta: ${appError.message}\n`);
  }
  if (appError.code === 'internal') {
    io.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  }
  return appError.exitCode;
}

function toAppError(error: unknown): AppError {
  if (isAppError(error)) {
    return error;
  }
  if (error instanceof MissingOptionError) {
    return new AppError('invalid_arguments', `${error.message}; run the command with --help.`);
  }
  if (error instanceof ConfigError) {
    return new AppError('invalid_input', error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `Unexpected failure: ${message}`);
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function overview(): string {
  const lines = commands.map(
    (command) => `  ${command.path.join(' ').padEnd(22)} ${command.summary}`,
  );
  return `Usage: collecta COMMAND [options]\n\nCommands:\n${lines.join('\n')}\n\n${globalHelp}\n\nRun "collecta COMMAND --help" for a command's options.\n`;
}

function commandHelp(command: CommandDefinition): string {
  return `Usage: ${command.usage}\n\n${command.summary}\n\n${command.help.trimEnd()}\n\n${globalHelp}\n\nExit codes: 0 success, 1 failure, 2 invalid input or arguments.\n`;
}
