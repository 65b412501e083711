import os from 'node:os';
import type { BenchResult, BenchSettings } from './bench-settings.ts';
import type { PhaseCost } from './measure-phase.ts';

/** Returns the 1, 5 and 15 minute load averages, such as "0.4 0.3 0.2". */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
}

function machine(loadAtStart: string): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(0);
  return `${os.cpus().length} cores (${cpu}), ${memory} GiB, Node ${process.version}, ${os.type()} ${os.release()}, load average ${loadAtStart} at the start and ${loadAverage()} at the end`;
}

/** Node and server CPU seconds of a phase, or only Node's when the server's is unknown. */
function cpuSeconds(cost: PhaseCost): number {
  return cost.nodeCpuSeconds + (cost.serverCpuSeconds ?? 0);
}

function cpuText(cost: PhaseCost): string {
  const text = cpuSeconds(cost).toFixed(1);
  return cost.serverCpuSeconds === null ? `${text} (Node only)` : text;
}

function tableRow(result: BenchResult): string[] {
  return [
    result.database,
    String(result.rows),
    result.import.seconds.toFixed(1),
    (result.rows / result.import.seconds).toFixed(0),
    cpuText(result.import),
    (result.rows / cpuSeconds(result.import)).toFixed(0),
    result.analyzeSeconds === null ? '-' : result.analyzeSeconds.toFixed(1),
    result.dunning.seconds.toFixed(1),
    cpuText(result.dunning),
    String(result.actionsCreated),
    String(result.callTasks),
    result.peakRssMib.toFixed(0),
  ];
}

/** Formats the benchmark's report: settings, machine, and one table row per database. */
export function formatResults(
  settings: BenchSettings,
  results: Array<BenchResult | string>,
  loadAtStart: string,
): string {
  const header = [
    'database',
    'rows',
    'import s',
    'rows/s',
    'import CPU s',
    'rows/CPU s',
    'analyze s',
    'dunning s',
    'dunning CPU s',
    'messages + calls',
    'call tasks',
    'peak RSS MiB',
  ];
  const rows = results.flatMap((result) => (typeof result === 'string' ? [] : [tableRow(result)]));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  const notes = results.filter((result): result is string => typeof result === 'string');

  return [
    `Benchmark on ${new Date().toISOString().slice(0, 10)}: ${settings.invoiceCount} invoices of ${settings.debtorCount} debtors, import date ${settings.referenceDate}, dunning run on ${settings.dunningDate}`,
    `Machine: ${machine(loadAtStart)}`,
    'Planner statistics are refreshed (ANALYZE) between the import and the dunning run.',
    'CPU s: Node process plus, on PostgreSQL, the server backend of the transaction.',
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    ...notes.map((note) => `\n${note}`),
    '',
  ].join('\n');
}
