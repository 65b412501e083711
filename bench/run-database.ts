/**
 * One database's half of the benchmark, run as a child process by run.ts so
 * that its peak memory is its own: migrate, import the file, run dunning,
 * and print a BenchResult as JSON on the last line of standard output.
 */
import fs from 'node:fs';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { refreshStatistics } from '../src/db/refresh-statistics.ts';
import { withOrganisation } from '../src/db/tenant.ts';
import { demoEntities } from '../src/demo/demo-entities.ts';
import { runDunning } from '../src/dunning/run-dunning.ts';
import { addEntity } from '../src/entities/add-entity.ts';
import { importReceivables } from '../src/import/import-receivables.ts';
import { mappingPresets } from '../src/import/mapping-presets.ts';
import { createOrganisation } from '../src/organisations/organisations.ts';
import type { BenchResult, BenchSettings } from './bench-settings.ts';
import { measurePhase } from './measure-phase.ts';

/** The job run.ts passes as the one command-line argument, in JSON. */
export interface DatabaseJob {
  database: 'pglite' | 'postgres';
  databaseUrl?: string;
  dataDirectory?: string;
  csvPath: string;
  settings: BenchSettings;
}

const actor = 'bench';

function progress(job: DatabaseJob, message: string): void {
  process.stderr.write(`[${job.database}] ${message}\n`);
}

async function prepareEntity(
  database: DatabaseHandle,
): Promise<{ organisationId: string; entityId: string }> {
  const organisation = await createOrganisation(database, {
    live: true,
    slug: 'bench',
    name: 'Benchmark',
    actor,
  });
  const spec = demoEntities[0];
  if (!spec) {
    throw new Error('The demo has no entity to base the benchmark on');
  }
  const entity = await withOrganisation(database, organisation.id, (trx) =>
    addEntity(trx, { organisationId: organisation.id, actor, input: spec.input }),
  );

  return { organisationId: organisation.id, entityId: entity.id };
}

async function runJob(job: DatabaseJob): Promise<BenchResult> {
  const database = await openDatabase({
    databaseUrl: job.databaseUrl,
    dataDirectory: job.dataDirectory,
    tenantRole: 'collecta_app',
  });
  try {
    await migrate(database);
    const { organisationId, entityId } = await prepareEntity(database);
    const content = fs.readFileSync(job.csvPath);
    const mapping = mappingPresets.generic;
    if (!mapping) {
      throw new Error('The import mapping preset "generic" is missing');
    }

    progress(job, `importing ${job.settings.invoiceCount} rows`);
    const imported = await measurePhase(database, organisationId, (trx) =>
      importReceivables(trx, {
        organisationId,
        entityId,
        actor,
        fileName: 'bench.csv',
        content,
        mapping,
        importDate: job.settings.referenceDate,
      }),
    );
    const invoices = imported.result.invoices;

    // The import command refreshes the planner statistics after every import; so does this.
    const started = performance.now();
    await refreshStatistics(database);
    const analyzeSeconds: number | null = (performance.now() - started) / 1000;

    progress(job, `dunning run on ${job.settings.dunningDate}`);
    const dunning = await measurePhase(database, organisationId, (trx) =>
      runDunning(trx, {
        organisationId,
        entityId,
        asOf: job.settings.dunningDate,
        dryRun: false,
        actor,
      }),
    );
    const callTasks = dunning.result.byStep
      .filter((step) => step.channel === 'call')
      .reduce((sum, step) => sum + step.count, 0);

    return {
      database: job.database,
      rows: invoices.new + invoices.changed + invoices.unchanged,
      debtorsCreated: imported.result.debtors.new,
      paymentsCreated: imported.result.payments.new,
      import: imported.cost,
      analyzeSeconds,
      dunning: dunning.cost,
      actionsCreated: dunning.result.messages.created,
      callTasks,
      peakRssMib: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await database.close();
  }
}

const job = JSON.parse(process.argv[2] ?? '{}') as DatabaseJob;
const result = await runJob(job);
process.stdout.write(`${JSON.stringify(result)}\n`);
