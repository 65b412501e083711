import { demoEntities } from '../src/demo/demo-entities.ts';
import { generateDemoReceivables } from '../src/demo/generate-demo-receivables.ts';
import { SeededRandom } from '../src/demo/seeded-random.ts';
import { writeGenericCsv } from '../src/demo/write-generic-csv.ts';
import type { BenchSettings } from './bench-settings.ts';

/**
 * Generates the benchmark's receivables file in the `generic` import layout:
 * the Dutch demo entity's debtor mix, scaled to the requested counts.
 */
export function writeBenchFile(settings: BenchSettings): { csv: string; holds: number } {
  const spec = demoEntities[0];
  if (!spec) {
    throw new Error('The demo has no entity to base the benchmark on');
  }
  const receivables = generateDemoReceivables(new SeededRandom(settings.seed), {
    ...spec,
    currency: spec.input.currency,
    debtorCount: settings.debtorCount,
    invoiceCount: settings.invoiceCount,
    referenceDate: settings.referenceDate,
  });

  return { csv: writeGenericCsv(receivables), holds: receivables.holds.length };
}
