import { parseArgs } from 'node:util';
import { AppError } from '../errors.ts';
import type { OptionSpec } from './command.ts';

export type ParsedArguments = ReturnType<typeof parseArgs>;

/** A negative number, such as -5 or -0.50, given as the value of an option. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * Parses the arguments after the command words with node:util parseArgs,
 * strict and with positionals. A negative number after a string option is
 * taken as its value, so that the command's own check names the rule it
 * breaks. Throws invalid_arguments naming the option and the fix, followed
 * by the sentence `helpHint`, such as 'Run "collecta calc costs --help".'
 */
export function parseCommandArguments(
  args: string[],
  options: OptionSpec,
  helpHint: string,
): ParsedArguments {
  const normalised = joinNegativeValues(args, options);
  let parsed: ParsedArguments & { tokens: Array<{ kind: string; name?: string }> };
  try {
    parsed = parseArgs({
      args: normalised,
      options,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    throw new AppError('invalid_arguments', `${describeParseError(error, normalised)} ${helpHint}`);
  }
  rejectRepeatedOptions(parsed.tokens, options, helpHint);

  return { values: parsed.values, positionals: parsed.positionals };
}

/**
 * Throws invalid_arguments for an option without `multiple` that is given
 * more than once: parseArgs keeps the last value, which would silently drop
 * the first.
 */
function rejectRepeatedOptions(
  tokens: ReadonlyArray<{ kind: string; name?: string }>,
  options: OptionSpec,
  helpHint: string,
): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) {
      continue;
    }
    const spec = options[token.name];
    if (!spec || spec.multiple) {
      continue;
    }
    if (seen.has(token.name)) {
      throw new AppError(
        'invalid_arguments',
        `--${token.name} is given more than once; it takes one value, so give it once. ${helpHint}`,
      );
    }
    seen.add(token.name);
  }
}

/**
 * Rewrites "--name -5" as "--name=-5" when --name takes a string. parseArgs
 * reads "-5" as an option there and rejects the value as ambiguous.
 */
function joinNegativeValues(args: string[], options: OptionSpec): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const token = args[index] ?? '';
    if (token === '--') {
      return [...joined, ...args.slice(index)];
    }
    const next = args[index + 1];
    const name = token.startsWith('--') ? token.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${token}=${next}`);
      index += 1;
      continue;
    }
    joined.push(token);
  }

  return joined;
}

/** Turns an error of parseArgs (Node 20) into a sentence naming the option. */
function describeParseError(error: unknown, args: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? 'option';
    return `Unknown option ${option}.`;
  }
  if (code !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message;
  }

  const option = /'(?:-\w, )?(--[^'\s]+)/.exec(message)?.[1] ?? 'the option';
  if (message.includes('does not take an argument')) {
    return `${option} takes no value; write ${option} without "=".`;
  }
  if (message.includes('argument missing')) {
    return `${option} needs a value, given as ${option} VALUE.`;
  }
  const following = args[args.indexOf(option) + 1] ?? '';

  return `${option} has no value, because "${following}" after it starts with "-". Give the value after ${option}, or write ${option}=VALUE for a value that starts with "-".`;
}
