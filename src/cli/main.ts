import os from 'node:os';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { AppError, isAppError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { resolveOrganisation } from '../organisations/organisations.ts';
import { MissingOptionError, type CommandContext, type CommandDefinition } from './command.ts';
import { commands } from './commands/index.ts';
import { parseCommandArguments, type ParsedArguments } from './parse-arguments.ts';

const globalOptions = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  organisation: { type: 'string' },
} as const;

const globalHelp = `Global options:
  --organisation SLUG  act on this organisation (default: the only one)
  --json               print the result, or the error, as JSON on stdout
  -h, --help           show help for the command`;

/** Exit codes: 0 success, 1 failure, 2 invalid input or arguments. */
async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  const command = findCommand(argv);
  if (!command) {
    const words = argv.filter((word) => !word.startsWith('-'));
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(overview());
      return 0;
    }
    return fail(
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
    return fail(error, wantsJson);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  const positionals = parsed.positionals;
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length < min || positionals.length > max) {
    return fail(
      new AppError(
        'invalid_arguments',
        `Usage: ${command.usage}. Run "collecta ${command.path.join(' ')} --help".`,
      ),
      wantsJson,
    );
  }

  let database: DatabaseHandle | undefined;
  try {
    const config = loadConfig();
    const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
    const actor = `cli:${os.userInfo().username}`;
    const context: CommandContext = {
      config,
      logger,
      actor,
      async database() {
        if (!database) {
          database = await openDatabase({
            databaseUrl: config.databaseUrl,
            dataDirectory: config.dataDirectory,
            tenantRole: config.databaseRole,
            onIdleConnectionError: (error) =>
              logger.warn(
                { err: error },
                'idle database connection failed; the pool opens a new one',
              ),
          });
          await migrate(database);
        }
        return database;
      },
      async organisationId() {
        const slug = typeof values.organisation === 'string' ? values.organisation : undefined;
        return resolveOrganisation(await context.database(), { slug, actor });
      },
    };
    const result = await command.run(context, values, positionals);
    process.stdout.write(
      values.json ? `${JSON.stringify(result.json)}\n` : ensureNewline(result.text),
    );

    return result.exitCode ?? 0;
  } catch (error) {
    return fail(error, Boolean(values.json));
  } finally {
    if (database && !command.longRunning) {
      await database.close();
    }
  }
}

function findCommand(argv: string[]): CommandDefinition | undefined {
  return [...commands]
    .sort((a, b) => b.path.length - a.path.length)
    .find((candidate) => candidate.path.every((word, index) => argv[index] === word));
}

function fail(error: unknown, json: boolean): number {
  const appError = toAppError(error);
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ error: { code: appError.code, message: appError.message, ...(appError.details === undefined ? {} : { details: appError.details }) } })}\n`,
    );
  } else {
    process.stderr.write(`collecta: ${appError.message}\n`);
  }
  if (appError.code === 'internal') {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
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

process.exitCode = await main(process.argv.slice(2));
