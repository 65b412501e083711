import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import type { OptionSpec } from './command.ts';
import { parseCommandArguments } from './parse-arguments.ts';

const options: OptionSpec = {
  principal: { type: 'string' },
  permission: { type: 'string', multiple: true },
  entity: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};
const HINT = 'Run "collecta calc costs --help" for the options.';

/** Returns the invalid_arguments message for `args`, failing when they parse. */
function rejection(args: string[]): string {
  try {
    parseCommandArguments(args, options, HINT);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_arguments');
    return (error as AppError).message;
  }
  throw new Error(`${args.join(' ')} parsed without an error`);
}

describe('parseCommandArguments', () => {
  it('rejects a single-value option given twice', () => {
    expect(rejection(['--entity', 'NL01', '--entity', 'UK01'])).toBe(
      `--entity is given more than once; it takes one value, so give it once. ${HINT}`,
    );
  });

  it('takes a repeatable option several times', () => {
    const parsed = parseCommandArguments(
      ['--permission', 'debtors.read', '--permission', 'users.read'],
      options,
      HINT,
    );

    expect(parsed.values).toEqual({ permission: ['debtors.read', 'users.read'] });
    expect(parsed).not.toHaveProperty('tokens');
  });

  it('takes a negative number as value', () => {
    const parsed = parseCommandArguments(['--principal', '-5', '--json'], options, HINT);

    expect(parsed.values).toEqual({ principal: '-5', json: true });
  });

  it('takes a negative decimal as value', () => {
    const parsed = parseCommandArguments(['--principal', '-0.50'], options, HINT);

    expect(parsed.values.principal).toBe('-0.50');
  });

  it('keeps arguments after -- as positionals', () => {
    const parsed = parseCommandArguments(['--', '--principal', '-5'], options, HINT);

    expect(parsed.positionals).toEqual(['--principal', '-5']);
    expect(parsed.values.principal).toBeUndefined();
  });

  it('names an unknown option', () => {
    expect(rejection(['--principal', '5', '--foo'])).toBe(
      'Unknown option --foo. Run "collecta calc costs --help" for the options.',
    );
  });

  it('names an option without value', () => {
    expect(rejection(['--principal'])).toBe(
      '--principal needs a value, given as --principal VALUE. Run "collecta calc costs --help" for the options.',
    );
  });

  it('names an option followed by another', () => {
    expect(rejection(['--entity', '--json'])).toBe(
      '--entity has no value, because "--json" after it starts with "-". Give the value after --entity, or write --entity=VALUE for a value that starts with "-". Run "collecta calc costs --help" for the options.',
    );
  });

  it('names a boolean option given a value', () => {
    expect(rejection(['--json=yes'])).toBe(
      '--json takes no value; write --json without "=". Run "collecta calc costs --help" for the options.',
    );
  });
});
