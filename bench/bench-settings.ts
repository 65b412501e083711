import { addDays } from '../src/dates/plain-date.ts';
import type { PhaseCost } from './measure-phase.ts';

/** The size and dates of one benchmark, shared by the runner and each database child. */
export interface BenchSettings {
  invoiceCount: number;
  debtorCount: number;
  seed: number;
  /** Last day of the generated year, and the import date. */
  referenceDate: string;
  /** As-of date of the dunning run: two weeks later, so that most open invoices have a step due. */
  dunningDate: string;
}

/** Fixed dates, so that two runs of the benchmark generate and dun the same data. */
export const REFERENCE_DATE = '2026-06-30';

export function benchSettings(overrides: Partial<BenchSettings> = {}): BenchSettings {
  const referenceDate = overrides.referenceDate ?? REFERENCE_DATE;
  return {
    invoiceCount: 100_000,
    debtorCount: 20_000,
    seed: 1,
    referenceDate,
    dunningDate: addDays(referenceDate, 14),
    ...overrides,
  };
}

/** The result a database child prints as JSON on its last line of standard output. */
export interface BenchResult {
  database: 'pglite' | 'postgres';
  /** Invoices and credit notes imported. */
  rows: number;
  debtorsCreated: number;
  paymentsCreated: number;
  import: PhaseCost;
  /** Seconds of the ANALYZE after the import; null when it did not run. */
  analyzeSeconds: number | null;
  dunning: PhaseCost;
  /** Messages and call tasks the dunning run created. */
  actionsCreated: number;
  callTasks: number;
  /** Peak resident set size of the child process, in MiB. */
  peakRssMib: number;
}
