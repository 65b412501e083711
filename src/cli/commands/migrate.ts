import { migrate } from '../../db/migrate.ts';
import type { CommandDefinition } from '../command.ts';

export const migrateCommand: CommandDefinition = {
  path: ['migrate'],
  summary: 'Apply the database migrations that are not applied yet',
  usage: 'collecta migrate [--json]',
  help: 'Migrations also run at every start; this command runs them alone, for deployments.',
  options: {},
  async run(context) {
    // Opening the database applies pending migrations; a second call reports none left.
    const database = await context.database();
    const applied = await migrate(database);
    const kind =
      database.kind === 'pglite'
        ? `embedded database in ${context.config.dataDirectory}`
        : 'PostgreSQL';

    return {
      json: { applied, database: database.kind },
      text: `Database schema is up to date (${kind}).`,
    };
  },
};
