import type { PlainDate } from '../dates/plain-date.ts';
import { demoEntities, type DemoEntitySpec } from './demo-entities.ts';
import type { DemoReceivables } from './demo-types.ts';
import { generateDemoReceivables } from './generate-demo-receivables.ts';
import { SeededRandom } from './seeded-random.ts';

/** The seed of the demo that `collecta demo` and POST /api/demo load. */
export const DEFAULT_DEMO_SEED = 2024;

export interface DemoEntityData {
  spec: DemoEntitySpec;
  receivables: DemoReceivables;
}

/**
 * Generates the demo organisation's receivables: a year of invoices up to
 * `referenceDate` for each demo entity. The same seed and reference date
 * always give the same data.
 */
export function generateDemoData(params: {
  seed: number;
  referenceDate: PlainDate;
}): DemoEntityData[] {
  const random = new SeededRandom(params.seed);

  return demoEntities.map((spec) => ({
    spec,
    receivables: generateDemoReceivables(random, {
      ...spec,
      currency: spec.input.currency,
      referenceDate: params.referenceDate,
    }),
  }));
}
