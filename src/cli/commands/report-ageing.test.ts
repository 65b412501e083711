import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createLogger } from '../../logger.ts';
import { MissingOptionError, type CommandContext } from '../command.ts';
import { reportAgeingCommand } from './report-ageing.ts';

/** A context whose database must not be opened: argument checks come first. */
const context: CommandContext = {
  config: loadConfig({}),
  logger: createLogger('silent'),
  actor: 'cli:test',
  database: () => Promise.reject(new Error('the database must not be opened')),
  organisationId: () => Promise.reject(new Error('the organisation must not be resolved')),
};

describe('report ageing command', () => {
  it('rejects an invalid date', async () => {
    const run = reportAgeingCommand.run(context, { entity: 'NL01', date: '2024-02-30' }, []);

    await expect(run).rejects.toMatchObject({ code: 'invalid_arguments' });
    await expect(run).rejects.toThrow(/--date "2024-02-30" is not a valid date/);
  });

  it('requires --entity', async () => {
    await expect(reportAgeingCommand.run(context, { date: '2024-06-30' }, [])).rejects.toThrow(
      MissingOptionError,
    );
  });
});
