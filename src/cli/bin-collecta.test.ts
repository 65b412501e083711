import { describe, expect, it } from 'vitest';
import { runCollecta } from '../reports/child-process-database.ts';

/**
 * The real `bin/collecta.js` in a child process, end to end: the other
 * command tests run the same command line in the test process, so this
 * file alone shows that the binary wires it to the process's arguments,
 * output streams and exit code.
 */
describe('bin/collecta.js', () => {
  const collecta = (args: string[]) =>
    runCollecta(args, { PATH: '/usr/bin:/bin', LOG_LEVEL: 'error' });

  it('prints the costs as JSON and exits 0', async () => {
    const result = await collecta(['calc', 'costs', '--principal', '3000.00', '--json']);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('{"net":"425.00","vat":"0.00","costs":"425.00"}\n');
  });

  it('prints a JSON error on stdout and exits 2 for an unknown option', async () => {
    const result = await collecta(['calc', 'costs', '--principal', '5.00', '--foo', '--json']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'invalid_arguments',
        message: 'Unknown option --foo. Run "collecta calc costs --help" for the options.',
      },
    });
  });
});
